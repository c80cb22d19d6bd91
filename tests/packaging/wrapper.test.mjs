// The package's init wrapper, in Node with the real module from the installed tarball:
// memoised, concurrency-safe, retry after failure, and initSync interplay.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const installed = path.dirname(require.resolve('apikeys-wasm/package.json'));
const bytes = readFileSync(path.join(installed, 'apikeys_wasm_bg.wasm'));
const scratch = mkdtempSync(path.join(tmpdir(), 'apikeys-wrapper-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

let copies = 0;
/** A fresh copy of the package, so each test starts with nothing instantiated. */
async function freshPackage() {
  const dir = path.join(scratch, `copy-${copies++}`);
  cpSync(installed, dir, { recursive: true });
  return import(pathToFileURL(path.join(dir, 'index.js')).href);
}

test('the entry point exports the documented surface', async () => {
  const sdk = await import('apikeys-wasm');
  for (const name of ['default', 'initSync', 'APIKeys', 'ClerkAPIResponseError', 'ClerkRuntimeError', 'isClerkAPIResponseError', 'isClerkRuntimeError']) {
    assert.equal(typeof sdk[name], 'function', name);
  }
  assert.ok(new sdk.ClerkRuntimeError('x', { code: 'network_error' }) instanceof Error);
});

test('concurrent init() calls share one instantiation; later calls reuse it', async () => {
  const sdk = await freshPackage();
  const [a, b] = await Promise.all([sdk.default({ module_or_path: bytes }), sdk.default({ module_or_path: bytes })]);
  assert.equal(a, b);
  assert.ok(a.memory instanceof WebAssembly.Memory);
  assert.equal(await sdk.default(), a);
  assert.equal(sdk.initSync(bytes), a);
});

test('a failed init() is forgotten: the next call retries and succeeds', async () => {
  const sdk = await freshPackage();
  await assert.rejects(sdk.default({ module_or_path: new Uint8Array([0, 1, 2, 3]) }));
  await assert.rejects(sdk.default(Promise.reject(new Error('offline'))), /offline/);
  const ok = await sdk.default(bytes); // positional form is accepted too
  assert.ok(ok.memory instanceof WebAssembly.Memory);
});

test('initSync() instantiates once, and init() afterwards resolves to the same exports', async () => {
  const sdk = await freshPackage();
  const compiled = new WebAssembly.Module(bytes);
  const a = sdk.initSync({ module: compiled });
  assert.equal(sdk.initSync(compiled), a);
  assert.equal(await sdk.default(), a);
});

test('initSync() while init() is in flight throws instead of instantiating twice', async () => {
  const sdk = await freshPackage();
  const pending = sdk.default({ module_or_path: bytes });
  assert.throws(() => sdk.initSync(bytes), /already in progress/);
  const a = await pending;
  assert.equal(sdk.initSync(bytes), a);
});
