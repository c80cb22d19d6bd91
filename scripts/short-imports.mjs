// Renames the wasm's imports (wasm-bindgen's `__wbg_<name>_<16 hex>`, and its intrinsics such as
// `__wbindgen_object_drop_ref`) to short names, in the module's import section and in the generated glue's import
// object alike. The hashes are random to gzip: ~45 of them, in both files, cost about a kilobyte of the shipped
// size; the four intrinsics' long names, 65 B more. The module they come from (`./apikeys_wasm_bg.js`, named once
// per import) becomes `m` the same way. Exports are left alone (they are typed in the .d.ts).
// Usage: node scripts/short-imports.mjs pkg/apikeys_wasm_bg.wasm pkg/apikeys_wasm.js
import { readFileSync, writeFileSync } from 'node:fs';
import { imports, name, rewriteSections, section, u32 } from './wasm-sections.mjs';

const [wasmFile, jsFile] = process.argv.slice(2);
const bytes = readFileSync(wasmFile);
let js = readFileSync(jsFile, 'utf8');

let renamed = 0;
const occurrences = (s) => js.split(s).length - 1;
let next = 0;
const shortName = () => {
  // a, b, …, z, A, …, Z, a0, … : identifiers that cannot clash with wasm-bindgen's own (`__wbg_…`, `__wbindgen_…`).
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const n = next++;
  return n < alphabet.length ? alphabet[n] : alphabet[n % alphabet.length] + Math.floor(n / alphabet.length - 1);
};
// A module name is renamed when the glue names it exactly once, as its import object's key.
const modules = new Map();
const shortModule = (module) => {
  if (!modules.has(module)) {
    const key = `${JSON.stringify(module)}:`;
    const to = `m${modules.size || ''}`;
    modules.set(module, occurrences(key) === 1 && occurrences(JSON.stringify(module)) === 1 ? to : module);
    if (modules.get(module) === to) js = js.replace(key, `${to}:`);
  }
  return modules.get(module);
};
const out = rewriteSections(bytes, wasmFile, (s) => {
  if (s.id !== 2) return undefined;
  const list = imports(bytes, s);
  const entries = [u32(list.length)];
  for (const { module, field, kind, desc, end } of list) {
    let renamedTo = field;
    // Only function imports whose key appears exactly once in the glue (the import object's key).
    const key = new RegExp(`(?<![\\w$])${field.replace(/\$/g, '\\$')}(?![\\w$]):`, 'g');
    if (kind === 0 && /^__wb(g|indgen_)/.test(field) && occurrences(field) === 1 && (js.match(key) || []).length === 1) {
      renamedTo = shortName();
      js = js.replace(key, `${renamedTo}:`);
      renamed++;
    }
    entries.push(name(shortModule(module)), name(renamedTo), bytes.subarray(desc, end));
  }
  return section(2, Buffer.concat(entries));
});
writeFileSync(wasmFile, out);
writeFileSync(jsFile, js);
console.error(`short-imports: ${renamed} imports renamed; modules ${[...modules].map(([a, b]) => `${a} -> ${b}`).join(', ')}`);
