// Prints raw, gzip and brotli bytes of a built package's wasm and JS (glue, wrapper, snippets), and with
// `--budget N` fails when wasm + JS gzipped exceed N bytes. `--json FILE` also writes the figures.
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
const measure = (paths) => paths.reduce((acc, p) => {
  const b = readFileSync(p);
  acc.raw += b.length;
  acc.gzip += gzipSync(b, { level: 9 }).length;
  acc.brotli += brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return acc;
}, { raw: 0, gzip: 0, brotli: 0 });

const all = files(dir);
const wasm = measure(all.filter((p) => p.endsWith('.wasm')));
const js = measure(all.filter((p) => p.endsWith('.js')));
const total = { raw: wasm.raw + js.raw, gzip: wasm.gzip + js.gzip, brotli: wasm.brotli + js.brotli };
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
  console.log(`size budget: ${total.gzip} B gzipped (wasm + JS) <= ${budget} B: ${ok ? 'PASS' : 'FAIL'}`);
  if (!ok) process.exit(1);
}
