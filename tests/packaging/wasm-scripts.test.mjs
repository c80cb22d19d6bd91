// The two build steps that rewrite cargo's wasm before it ships (scripts/strip-custom.mjs, scripts/stub-fmt.mjs),
// on small modules assembled here with the pinned binaryen: what each keeps, what it drops, and that stub-fmt
// refuses a module whose formatting code could run. Then the step that puts the wasm inside index.js
// (scripts/inline-wasm.mjs), on every byte value, and the size script's reading of it (scripts/sizes.mjs).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packageSizes } from '../../scripts/sizes.mjs';
import { functionNames, name, readName, section, sections } from '../../scripts/wasm-sections.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = (tool) => path.join(repo, 'node_modules/.bin', tool);
const scratch = mkdtempSync(path.join(tmpdir(), 'apikeys-wasm-scripts-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

let files = 0;
/** Assembles `wat` with its names (`-g`), then appends custom sections `{ name: bytes }`; returns the path. */
function assemble(wat, custom = {}) {
  const base = path.join(scratch, `m${files++}`);
  writeFileSync(`${base}.wat`, wat);
  execFileSync(bin('wasm-as'), ['-g', '--all-features', `${base}.wat`, '-o', `${base}.wasm`]);
  const extra = Object.entries(custom).map(([n, b]) => section(0, Buffer.concat([name(n), Buffer.from(b)])));
  writeFileSync(`${base}.wasm`, Buffer.concat([readFileSync(`${base}.wasm`), ...extra]));
  return `${base}.wasm`;
}

const node = (script, ...args) =>
  spawnSync(process.execPath, [path.join(repo, 'scripts', script), ...args], { encoding: 'utf8' });

/** The names of a module's custom sections, and its function names. */
function inspect(file) {
  const bytes = readFileSync(file);
  const custom = sections(bytes, file).filter((s) => s.id === 0);
  const names = custom.find((s) => readName(bytes, s.body)[0] === 'name');
  return {
    custom: custom.map((s) => readName(bytes, s.body)[0]),
    functions: names ? [...functionNames(bytes, names).values()] : [],
  };
}

const wat = (extra = '') => `(module
  (type $fmt (func (param i32 i32) (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $<u32_as_core::fmt::Display>::fmt)
  (func $<u32_as_core::fmt::Display>::fmt (type $fmt) (call $core::fmt::Formatter::pad (local.get 0) (local.get 1)))
  (func $core::fmt::Formatter::pad (type $fmt) (i32.mul (i32.add (local.get 0) (local.get 1)) (i32.const 3)))
  (func $apikeys::run (export "run") (param i32) (result i32)
    (call_indirect (type $fmt) (local.get 0) (local.get 0) (i32.const 0)))
  ${extra})`;

test('strip-custom keeps wasm-bindgen\'s sections and the fmt names only, unless told to keep every name', () => {
  const input = assemble(wat(), {
    __wasm_bindgen_unstable: [1, 2, 3],
    target_features: [1, 0x2b, 15, ...Buffer.from('reference-types')],
    producers: [0],
    '.debug_info': [0, 0],
  });
  const out = path.join(scratch, 'stripped.wasm');
  const fmt = ['<u32_as_core::fmt::Display>::fmt', 'core::fmt::Formatter::pad'];
  assert.equal(node('strip-custom.mjs', input, out).status, 0);
  const stripped = inspect(out);
  assert.deepEqual(stripped.custom.sort(), ['__wasm_bindgen_unstable', 'name']);
  assert.deepEqual(stripped.functions, fmt);

  assert.equal(node('strip-custom.mjs', input, out, '--all-names').status, 0);
  assert.deepEqual(inspect(out).functions, [...fmt, 'apikeys::run']);
});

test('stub-fmt empties the formatting functions that only the table reaches, and nothing else', () => {
  const file = assemble(wat());
  const r = node('stub-fmt.mjs', file, bin('wasm-opt'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /2 formatting functions emptied/);
  const text = execFileSync(bin('wasm-dis'), ['--all-features', file], { encoding: 'utf8' });
  const body = (fn) => text.slice(text.indexOf(`\n (func $${fn} (type`)).split('\n )')[0];
  assert.match(body('<u32_as_core::fmt::Display>::fmt'), /\(unreachable\)/);
  assert.match(body('core::fmt::Formatter::pad'), /\(unreachable\)/);
  assert.doesNotMatch(body('core::fmt::Formatter::pad'), /i32\.mul/);
  assert.match(body('apikeys::run'), /call_indirect/);
});

test('stub-fmt refuses a module that formats at run time, or calls formatting code directly', () => {
  for (const extra of [
    '(func $core::fmt::write (export "write") (result i32) (i32.const 0))',
    '(func $apikeys::show (export "show") (result i32) (call $core::fmt::Formatter::pad (i32.const 1) (i32.const 2)))',
  ]) {
    const file = assemble(wat(extra));
    const before = readFileSync(file);
    const r = node('stub-fmt.mjs', file, bin('wasm-opt'));
    assert.equal(r.status, 1, `${extra}: ${r.stderr}`);
    assert.match(r.stderr, /stub-fmt: .*(core::fmt::write|calls core::fmt::Formatter::pad)/);
    assert.deepEqual(readFileSync(file), before, 'the module is left as it was');
  }
});

test('inline-wasm puts every byte value in a single-quoted string that reads back as the same bytes', async () => {
  // The wasm magic first (sizes.mjs looks for it), then each byte value, then the ones a literal must escape in a
  // row and around each other.
  const risky = [0x27, 0x5c, 0x0a, 0x0d, 0x60, 0x24, 0x22, 0x00, 0x7f, 0x80, 0xff];
  const bytes = Buffer.from([0, 0x61, 0x73, 0x6d, ...Array.from({ length: 256 }, (_, i) => i),
    ...risky.flatMap((b) => [b, b, ...risky])]);
  const dir = path.join(scratch, 'inline');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'm.wasm'), bytes);
  const js = 'export function text() {\n  return "__APIKEYS_WASM_BYTES__";\n}\n';
  writeFileSync(path.join(dir, 'index.js'), js);
  const r = node('inline-wasm.mjs', path.join(dir, 'm.wasm'), path.join(dir, 'index.js'));
  assert.equal(r.status, 0, r.stderr);
  const out = readFileSync(path.join(dir, 'index.js'), 'utf8');
  // A string, not a template literal: a fresh page parses it faster (issue 5). All ASCII: bytes above 0x7F are
  // `\xNN` escapes, as a fresh page imports ASCII faster.
  assert.ok(out.startsWith("var __apikeys_wasm='\0asm"), JSON.stringify(out.slice(0, 24)));
  assert.match(out, /^[\x00-\x7f]*$/);
  assert.ok(out.includes('\\x80\\xff'), 'each byte above 0x7F is written as \\xNN');
  const { text } = await import(pathToFileURL(path.join(dir, 'index.js')).href);
  assert.deepEqual(Buffer.from(text(), 'latin1'), bytes);

  rmSync(path.join(dir, 'm.wasm'));
  const sizes = packageSizes(dir);
  const rest = `var __apikeys_wasm=;${js.replace('"__APIKEYS_WASM_BYTES__"', '(__apikeys_wasm)')}`;
  assert.equal(sizes.js.raw, Buffer.byteLength(rest), 'everything but the literal counts as JS');
  assert.equal(sizes.wasm.raw + sizes.js.raw, Buffer.byteLength(out), 'the literal counts as wasm');
});

test('eager-glue makes the glue functions init() runs parenthesized expressions, and refuses glue without them', async () => {
  const dir = path.join(scratch, 'eager');
  mkdirSync(dir);
  const glue = [
    'let wasm;',
    'function __wbg_get_imports() {',
    '    const imports = { wbg: { f: function () { return 1; } } };',
    '    return imports;',
    '}',
    '',
    'function __wbg_finalize_init(instance, module) {',
    '    wasm = instance;',
    '    return wasm;',
    '}',
    '',
    'function initSync(module) {',
    '    if (wasm !== undefined) return wasm;',
    '    return __wbg_finalize_init(__wbg_get_imports(), module);',
    '}',
    '',
    'export { initSync };',
    '',
  ].join('\n');
  writeFileSync(path.join(dir, 'glue.js'), glue);
  const r = node('eager-glue.mjs', path.join(dir, 'glue.js'));
  assert.equal(r.status, 0, r.stderr);
  const out = readFileSync(path.join(dir, 'glue.js'), 'utf8');
  for (const fn of ['__wbg_get_imports()', '__wbg_finalize_init(instance, module)', 'initSync(module)']) {
    const name = fn.slice(0, fn.indexOf('('));
    assert.ok(out.includes(`\nconst ${name} = (function ${fn} {`), `${name} is a parenthesized expression`);
    assert.ok(!out.includes(`\nfunction ${fn}`), `${name} is no longer a declaration`);
  }
  const { initSync } = await import(pathToFileURL(path.join(dir, 'glue.js')).href);
  assert.equal(initSync().wbg.f(), 1, 'the rewritten glue runs as before');

  writeFileSync(path.join(dir, 'other.js'), glue.replace('function __wbg_finalize_init(', 'function finalize('));
  const refused = node('eager-glue.mjs', path.join(dir, 'other.js'));
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /eager-glue: .* one top-level function __wbg_finalize_init/);
});
