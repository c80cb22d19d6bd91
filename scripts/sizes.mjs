// Raw, gzip and brotli bytes of what a page loads from a built package: the wasm (as it is shipped, inside
// index.js), the JS (glue, wrapper, snippets: index.js without the wasm), and the total (every .js file as it is).
// The package's `apikeys_wasm_bg.wasm` subpath is the same module on its own, which index.js never loads: not
// counted.
// `node scripts/sizes.mjs [DIR] [--budget N]` prints them and, with a budget, fails when the total gzipped
// exceeds N bytes. bench/run.mjs imports `measure` and `packageSizes`.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

function files(d) {
  return readdirSync(d).flatMap((f) => {
    const p = join(d, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Summed raw, gzip (level 9) and brotli (quality 11) bytes of each buffer compressed on its own. */
export const measure = (buffers) => buffers.reduce((acc, b) => {
  acc.raw += b.length;
  acc.gzip += gzipSync(b, { level: 9 }).length;
  acc.brotli += brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return acc;
}, { raw: 0, gzip: 0, brotli: 0 });

/** Splits a JS file into the inlined wasm (the string literal that starts with the wasm magic) and the rest. */
export function split(text) {
  const start = text.indexOf("'\0asm");
  if (start < 0) return { wasm: '', rest: text };
  let end = start + 1;
  while (end < text.length && text[end] !== "'") end += text[end] === '\\' ? 2 : 1;
  return { wasm: text.slice(start, end + 1), rest: text.slice(0, start) + text.slice(end + 1) };
}

/** `{ wasm, js, total }` for the package in `dir`, and the shipped files it measured. */
export function packageSizes(dir) {
  const shipped = files(dir).filter((p) => p.endsWith('.js'));
  const parts = shipped.map((p) => split(readFileSync(p, 'utf8')));
  return {
    wasm: measure(parts.map((x) => Buffer.from(x.wasm)).filter((b) => b.length)),
    js: measure(parts.map((x) => Buffer.from(x.rest)).filter((b) => b.length)),
    total: measure(shipped.map((p) => readFileSync(p))),
    shipped,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--budget');
  const budget = i >= 0 ? args[i + 1] : undefined;
  const { wasm, js, total } = packageSizes(args[0] ?? 'pkg');
  console.log('size (bytes)        raw     gzip   brotli');
  for (const [k, v] of Object.entries({ wasm, js, total })) {
    console.log(`${k.padEnd(12)} ${String(v.raw).padStart(9)} ${String(v.gzip).padStart(8)} ${String(v.brotli).padStart(8)}`);
  }
  if (budget !== undefined) {
    const ok = total.gzip <= Number(budget);
    console.log(`size budget: ${total.gzip} B gzipped (all shipped JS, the wasm inside) <= ${budget} B: ${ok ? 'PASS' : 'FAIL'}`);
    if (!ok) process.exit(1);
  }
}
