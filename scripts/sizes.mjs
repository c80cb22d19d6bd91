// Prints raw, gzip and brotli bytes of a built package: the wasm (as it is shipped, inside index.js), the JS
// (glue, wrapper, snippets: index.js without the wasm), and the total (every shipped .js file as it is). With
// `--budget N` it fails when the total gzipped exceeds N bytes. `--json FILE` also writes the figures.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const args = process.argv.slice(2);
const dir = args[0] ?? 'pkg';
const flag = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };

function files(d) {
  return readdirSync(d).flatMap((f) => {
    const p = join(d, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}
const measure = (buffers) => buffers.reduce((acc, b) => {
  acc.raw += b.length;
  acc.gzip += gzipSync(b, { level: 9 }).length;
  acc.brotli += brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return acc;
}, { raw: 0, gzip: 0, brotli: 0 });

/** Splits a JS file into the inlined wasm (the template literal that starts with the wasm magic) and the rest. */
function split(text) {
  const start = text.indexOf('`\0asm');
  if (start < 0) return { wasm: '', rest: text };
  let end = start + 1;
  while (end < text.length && text[end] !== '`') end += text[end] === '\\' ? 2 : 1;
  return { wasm: text.slice(start, end + 1), rest: text.slice(0, start) + text.slice(end + 1) };
}

const shipped = files(dir).filter((p) => p.endsWith('.js') || p.endsWith('.wasm'));
const parts = shipped.map((p) => (p.endsWith('.wasm') ? { wasm: readFileSync(p), rest: '' } : split(readFileSync(p, 'utf8'))));
const wasm = measure(parts.map((x) => Buffer.from(x.wasm)).filter((b) => b.length));
const js = measure(parts.map((x) => Buffer.from(x.rest)).filter((b) => b.length));
const total = measure(shipped.map((p) => readFileSync(p)));
const rows = { wasm, js, total };
console.log('size (bytes)        raw     gzip   brotli');
for (const [k, v] of Object.entries(rows)) {
  console.log(`${k.padEnd(12)} ${String(v.raw).padStart(9)} ${String(v.gzip).padStart(8)} ${String(v.brotli).padStart(8)}`);
}
const out = flag('--json');
if (out) writeFileSync(out, JSON.stringify(rows, null, 2));
const budget = flag('--budget');
if (budget !== undefined) {
  const ok = total.gzip <= Number(budget);
  console.log(`size budget: ${total.gzip} B gzipped (all shipped JS, the wasm inside) <= ${budget} B: ${ok ? 'PASS' : 'FAIL'}`);
  if (!ok) process.exit(1);
}
