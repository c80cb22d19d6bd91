// Renames the wasm's imports (wasm-bindgen's `__wbg_<name>_<16 hex>`) to short names, in the module's import
// section and in the generated glue's import object alike. The hashes are random to gzip: ~45 of them, in both
// files, cost about a kilobyte of the shipped size. Exports are left alone (they are typed in the .d.ts).
// Usage: node scripts/short-imports.mjs pkg/apikeys_wasm_bg.wasm pkg/apikeys_wasm.js
import { readFileSync, writeFileSync } from 'node:fs';

const [wasmFile, jsFile] = process.argv.slice(2);
const bytes = readFileSync(wasmFile);
let js = readFileSync(jsFile, 'utf8');

const readU32 = (buf, pos) => {
  let result = 0, shift = 0, b;
  do {
    b = buf[pos++];
    result |= (b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  return [result >>> 0, pos];
};
const u32 = (n) => {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return Buffer.from(out);
};
const name = (s) => { const b = Buffer.from(s, 'utf8'); return Buffer.concat([u32(b.length), b]); };

if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error(`${wasmFile} is not a wasm module`);
const parts = [bytes.subarray(0, 8)];
let pos = 8;
let renamed = 0;
const occurrences = (s) => js.split(s).length - 1;
let next = 0;
const shortName = () => {
  // a, b, …, z, A, …, Z, a0, … : identifiers that cannot clash with wasm-bindgen's own (`__wbg_…`, `__wbindgen_…`).
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const n = next++;
  return n < alphabet.length ? alphabet[n] : alphabet[n % alphabet.length] + Math.floor(n / alphabet.length - 1);
};
while (pos < bytes.length) {
  const id = bytes[pos];
  const [size, start] = readU32(bytes, pos + 1);
  const end = start + size;
  if (id !== 2) {
    parts.push(bytes.subarray(pos, end));
    pos = end;
    continue;
  }
  let p = start;
  let count;
  [count, p] = readU32(bytes, p);
  const entries = [u32(count)];
  for (let i = 0; i < count; i++) {
    let len;
    [len, p] = readU32(bytes, p);
    const module = bytes.subarray(p, p + len).toString('utf8');
    p += len;
    [len, p] = readU32(bytes, p);
    let field = bytes.subarray(p, p + len).toString('utf8');
    p += len;
    const descStart = p;
    const kind = bytes[p++];
    if (kind === 0) [, p] = readU32(bytes, p); // func: type index
    else if (kind === 1) { p++; const flags = bytes[p++]; [, p] = readU32(bytes, p); if (flags & 1) [, p] = readU32(bytes, p); }
    else if (kind === 2) { const flags = bytes[p++]; [, p] = readU32(bytes, p); if (flags & 1) [, p] = readU32(bytes, p); }
    else if (kind === 3) p += 2; // global: valtype, mutability
    else throw new Error(`import ${module}.${field}: unknown kind ${kind}`);
    // Only function imports whose key appears exactly once in the glue (the import object's key).
    const key = new RegExp(`(?<![\\w$])${field.replace(/\$/g, '\\$')}(?![\\w$]):`, 'g');
    if (kind === 0 && /^__wbg/.test(field) && occurrences(field) === 1 && (js.match(key) || []).length === 1) {
      const short = shortName();
      js = js.replace(key, `${short}:`);
      field = short;
      renamed++;
    }
    entries.push(name(module), name(field), bytes.subarray(descStart, p));
  }
  if (p !== end) throw new Error('import section parse mismatch');
  const payload = Buffer.concat(entries);
  parts.push(Buffer.from([2]), u32(payload.length), payload);
  pos = end;
}
writeFileSync(wasmFile, Buffer.concat(parts));
writeFileSync(jsFile, js);
console.error(`short-imports: ${renamed} imports renamed`);
