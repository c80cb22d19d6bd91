// The package's manifest and init wrapper, in Node with the real module from the installed tarball: the wasm is
// inside index.js (and, the same bytes, at the .wasm subpath that index.js never loads), init() is memoised,
// concurrency-safe and retried after a failure, initSync() shares the same instance, and either takes the
// subpath's module instead of the inlined copy.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { split } from '../../scripts/sizes.mjs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const installed = path.dirname(require.resolve('apikeys-wasm/package.json'));
const scratch = mkdtempSync(path.join(tmpdir(), 'apikeys-wrapper-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

let copies = 0;
/** A fresh copy of the package, so each test starts with nothing instantiated. */
async function freshPackage() {
  const dir = path.join(scratch, `copy-${copies++}`);
  cpSync(installed, dir, { recursive: true });
  return import(pathToFileURL(path.join(dir, 'index.js')).href);
}

/** The wasm inside index.js (the string literal scripts/inline-wasm.mjs writes), as bytes. */
function inlinedWasm() {
  const { wasm } = split(readFileSync(path.join(installed, 'index.js'), 'utf8'));
  return Buffer.from(new Function(`return ${wasm}`)(), 'latin1');
}

test('the entry point exports the documented surface; the .wasm subpath holds the inlined module', async () => {
  const sdk = await import('apikeys-wasm');
  const surface = ['default', 'initSync', 'APIKeys', 'ClerkAPIResponseError', 'ClerkRuntimeError', 'isClerkAPIResponseError', 'isClerkRuntimeError'];
  for (const name of surface) {
    assert.equal(typeof sdk[name], 'function', name);
  }
  // Exactly those: the glue's internals (the executor's Task among them) stay inside the bundle.
  assert.deepEqual(Object.keys(sdk).sort(), [...surface].sort());
  assert.ok(new sdk.ClerkRuntimeError('x', { code: 'network_error' }) instanceof Error);
  assert.deepEqual(readdirSync(installed).filter((f) => f.endsWith('.wasm')), ['apikeys_wasm_bg.wasm']);
  const subpath = readFileSync(require.resolve('apikeys-wasm/apikeys_wasm_bg.wasm'));
  assert.ok(WebAssembly.validate(subpath));
  assert.deepEqual(subpath, inlinedWasm(), 'one module, two ways to get it');
  assert.equal(readFileSync(path.join(installed, 'index.js'), 'latin1').includes('apikeys_wasm_bg.wasm'), false,
    'index.js never loads the .wasm');
});

test('package.json: the manifest issue 4 asks for, version from Cargo.toml', () => {
  const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'apikeys-wasm');
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.license, 'MIT');
  assert.equal(pkg.sideEffects, false, 'importing the package runs nothing a bundler must keep');
  assert.match(pkg.engines?.node ?? '', /^>=\d+/);
  const cargo = readFileSync(path.join(repo, 'Cargo.toml'), 'utf8');
  assert.equal(pkg.version, /\[package\][^[]*?\nversion = "([^"]+)"/.exec(cargo)?.[1]);
  const root = pkg.exports['.'];
  assert.deepEqual(Object.keys(root), ['types', 'import', 'default'], 'types first');
  assert.equal(root.types, pkg.types);
  assert.deepEqual(Object.keys(pkg.exports).sort(), ['.', './apikeys_wasm_bg.wasm', './package.json']);
  // Everything the exports and types name is in the tarball, and `files` names exactly what is there.
  for (const target of [root.types, root.import, root.default, pkg.exports['./apikeys_wasm_bg.wasm'], pkg.main]) {
    assert.ok(existsSync(path.join(installed, target)), target);
  }
  const shipped = readdirSync(installed).filter((f) => !['package.json', 'README.md', 'LICENSE'].includes(f));
  assert.deepEqual(shipped.sort(), pkg.files.filter((f) => !['README.md', 'LICENSE'].includes(f)).sort());
});

test('init() and initSync() take the subpath\'s module instead of the inlined copy', async () => {
  const bytes = readFileSync(require.resolve('apikeys-wasm/apikeys_wasm_bg.wasm'));
  const a = await freshPackage();
  const exportsA = await a.default(WebAssembly.compile(bytes));
  assert.ok(exportsA.memory instanceof WebAssembly.Memory);
  assert.equal(a.initSync(), exportsA, 'one instance');
  assert.throws(() => new a.APIKeys({}), (e) => e instanceof a.ClerkRuntimeError && e.code === 'invalid_argument');
  const b = await freshPackage();
  assert.ok(b.initSync(bytes).memory instanceof WebAssembly.Memory);
  const c = await freshPackage();
  await assert.rejects(c.default(new Uint8Array([0, 0x61, 0x73, 0x6d])), WebAssembly.CompileError);
  assert.ok((await c.default()).memory instanceof WebAssembly.Memory, 'a failed attempt is forgotten');
});

test('init() and initSync() take what wasm-bindgen\'s take: { module_or_path }, a URL, path, Request or Response; { module }', async () => {
  const bytes = readFileSync(require.resolve('apikeys-wasm/apikeys_wasm_bg.wasm'));
  const seen = [];
  const server = createServer((req, res) => {
    seen.push(req.url);
    res.writeHead(200, { 'Content-Type': 'application/wasm' }).end(bytes);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    const works = (exports) => assert.ok(exports.memory instanceof WebAssembly.Memory);
    works(await (await freshPackage()).default({ module_or_path: new URL(`${base}/url.wasm`) }));
    works(await (await freshPackage()).default(`${base}/string.wasm`));
    works(await (await freshPackage()).default(new Request(`${base}/request.wasm`)));
    works(await (await freshPackage()).default({ module_or_path: Promise.resolve(new Response(bytes)) }));
    works((await freshPackage()).initSync({ module: bytes }));
    works((await freshPackage()).initSync({ module: new WebAssembly.Module(bytes) }));
    assert.deepEqual(seen, ['/url.wasm', '/string.wasm', '/request.wasm']);
    // `{}` is no module given: the copy inside index.js.
    works(await (await freshPackage()).default({}));
    // Once instantiated, nothing is fetched again.
    const sdk = await freshPackage();
    const first = await sdk.default();
    assert.equal(await sdk.default(`${base}/again.wasm`), first);
    assert.equal(seen.includes('/again.wasm'), false);
    // A path that is not this module fails, and is forgotten like any failure.
    const bad = await freshPackage();
    const notWasm = createServer((req, res) => res.writeHead(404).end('not found'));
    await new Promise((ok) => notWasm.listen(0, '127.0.0.1', ok));
    await assert.rejects(bad.default(`http://127.0.0.1:${notWasm.address().port}/x.wasm`), WebAssembly.CompileError);
    notWasm.close();
    works(await bad.default());
  } finally {
    server.close();
  }
});

test('the package names no path of the machine that built it (panic locations are remapped)', () => {
  const text = readFileSync(path.join(installed, 'index.js'), 'latin1');
  const home = process.env.CARGO_HOME ?? path.join(homedir(), '.cargo');
  for (const needle of [home, homedir(), '/registry/src/', 'index.crates.io-', process.cwd()]) {
    assert.equal(text.includes(needle), false, `index.js contains ${needle}`);
  }
  // crates.io's directory is remapped to nothing: a dependency's files are named from its own directory.
  assert.match(text, /[^/]js-sys-[\d.]+\/src\//, 'the remapped locations are where the build script puts them');
});

test('concurrent init() calls share one instantiation; later calls and initSync() reuse it', async () => {
  const sdk = await freshPackage();
  const [a, b] = await Promise.all([sdk.default(), sdk.default()]);
  assert.equal(a, b);
  assert.ok(a.memory instanceof WebAssembly.Memory);
  assert.equal(await sdk.default(), a);
  assert.equal(sdk.initSync(), a);
  // The instance works: a constructor that validates its options in Rust.
  assert.throws(() => new sdk.APIKeys({}), (e) => e instanceof sdk.ClerkRuntimeError && e.code === 'invalid_argument');
});

test('the glue makes its TextEncoder, TextDecoder and FinalizationRegistry on first use, not at import', async () => {
  // scripts/lazy-glue.mjs: none of them is start-up work (issue 5). Counted by wrapping the globals.
  const made = { TextEncoder: 0, TextDecoder: 0, FinalizationRegistry: 0 };
  const real = {};
  for (const name of Object.keys(made)) {
    real[name] = globalThis[name];
    globalThis[name] = class extends real[name] {
      constructor(...args) {
        super(...args);
        made[name] += 1;
      }
    };
  }
  try {
    const sdk = await freshPackage();
    await sdk.default();
    assert.deepEqual(made, { TextEncoder: 0, TextDecoder: 0, FinalizationRegistry: 0 });
    // A string goes in (the glue copies ASCII itself, so one with an 'é'), and an error message comes out.
    const keys = new sdk.APIKeys({ frontendApi: 'clerk.example.com', userId: 'user_é' });
    assert.throws(() => new sdk.APIKeys({}), (e) => e instanceof sdk.ClerkRuntimeError && /frontendApi/.test(e.message));
    keys.free();
    new sdk.APIKeys({ frontendApi: 'clerk.example.com' }).free();
    assert.equal(made.TextEncoder, 1);
    assert.equal(made.TextDecoder, 1);
    assert.equal(made.FinalizationRegistry, 1, 'one registry for the APIKeys class, made once');
  } finally {
    Object.assign(globalThis, real);
  }
});

test('a failed init() is forgotten: the next call retries and succeeds', async () => {
  const sdk = await freshPackage();
  // What a Content-Security-Policy without 'wasm-unsafe-eval' does: every way to compile wasm is refused.
  const { compile, Module } = WebAssembly;
  WebAssembly.compile = () => Promise.reject(new WebAssembly.CompileError('refused by policy'));
  WebAssembly.Module = function refused() {
    throw new WebAssembly.CompileError('refused by policy');
  };
  try {
    await assert.rejects(sdk.default(), /refused by policy/);
    assert.throws(() => sdk.initSync(), /refused by policy/);
  } finally {
    Object.assign(WebAssembly, { compile, Module });
  }
  const ok = await sdk.default();
  assert.ok(ok.memory instanceof WebAssembly.Memory);
});

test('initSync() instantiates once, and init() afterwards resolves to the same exports', async () => {
  const sdk = await freshPackage();
  const a = sdk.initSync();
  assert.equal(sdk.initSync(), a);
  assert.equal(await sdk.default(), a);
});

test('initSync() while init() is in flight: one instance, which init() then resolves to', async () => {
  const sdk = await freshPackage();
  const pending = sdk.default();
  const a = sdk.initSync();
  assert.equal(await pending, a);
  assert.equal(sdk.initSync(), a);
});

test('the bundle keeps init() and initSync() as parenthesized function expressions (compiled with the module)', () => {
  // pkg-template/index.js and scripts/eager-glue.mjs write them so; a minifier that dropped the parentheses
  // would move their compile back to the main thread at the first init() (issue 5: start-up).
  const js = readFileSync(path.join(installed, 'index.js'), 'latin1');
  const exported = Object.fromEntries(
    [...js.slice(js.lastIndexOf('export{')).matchAll(/(\w+) as (\w+)/g)].map(([, local, name]) => [name, local]),
  );
  for (const name of ['default', 'initSync']) {
    assert.ok(exported[name], `index.js exports ${name}`);
    const defined = new RegExp(`[,;\\s]${exported[name].replace(/\$/g, '\\$&')}=\\(function\\(`);
    assert.ok(defined.test(js), `${name} is (function …)`);
  }
  assert.ok(js.split('=(function(').length - 1 >= 9, 'the six wrapper and three glue functions init() runs');
});
