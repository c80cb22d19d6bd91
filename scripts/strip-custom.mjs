// Drops the custom sections of cargo's wasm, as a `strip = true` link would, but for wasm-bindgen's own and the
// names of the functions that scripts/stub-fmt.mjs looks for (after wasm-bindgen has demangled them; wasm-opt
// --strip-debug removes them from the shipped module). Any other name would change wasm-bindgen's output: it
// names exports and closure shims after them (+120 B gzipped). `target_features` matters most: seeing
// reference-types there, wasm-bindgen would switch to its externref glue, 1.4 KB larger.
// `--all-names` keeps every name (KEEP_NAMES=1 builds, for CPU profiles).
// Usage: node scripts/strip-custom.mjs IN OUT [--all-names]
import { readFileSync, writeFileSync } from 'node:fs';
import { functionNames, name, readName, rewriteSections, section, u32 } from './wasm-sections.mjs';

const [inFile, outFile, allNames] = process.argv.slice(2);
const bytes = readFileSync(inFile);

/** The name section with only the function names that mention `fmt` (mangled, so a superset of `::fmt::`). */
function fmtNames(s) {
  const kept = [...functionNames(bytes, s)].filter(([, fn]) => fn.includes('fmt'));
  const entries = kept.map(([index, fn]) => Buffer.concat([u32(index), name(fn)]));
  const functions = Buffer.concat([u32(kept.length), ...entries]);
  return section(0, Buffer.concat([name('name'), Buffer.from([1]), u32(functions.length), functions]));
}

const keepAll = allNames === '--all-names';
const out = rewriteSections(bytes, inFile, (s) => {
  if (s.id !== 0) return undefined;
  const [custom] = readName(bytes, s.body);
  if (custom === 'name') return keepAll ? undefined : fmtNames(s);
  return custom.startsWith('__wasm_bindgen') ? undefined : null;
});
writeFileSync(outFile, out);
