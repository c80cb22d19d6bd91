// Empties core's formatting code, which the shipped wasm would keep but never run (issue 5: size, about −1 KB
// gzipped). The no_std build's panic handler traps without reading its message, and nothing else formats; yet
// every panic site still builds a `fmt::Arguments` that points at `Display::fmt` functions (bounds checks,
// RefCell borrows), so they sit in the function table with `Formatter::pad` and the integer printing behind
// them, and no optimiser drops a function whose table slot might be called. Each function named `…::fmt::…`
// gets the body `unreachable`; wasm-opt then drops what only they called. This refuses (exit 1) unless that is
// safe: the module has no `core::fmt::write` (what calls a `Display::fmt` through the table), and nothing
// outside the set calls into it directly.
// Runs on wasm-bindgen's output, whose name section has the demangled names (see scripts/strip-custom.mjs).
// Usage: node scripts/stub-fmt.mjs pkg/apikeys_wasm_bg.wasm WASM_OPT
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  functionNames, imports, readName, readU32, rewriteSections, section, sections, u32,
} from './wasm-sections.mjs';

const [wasmFile, wasmOpt] = process.argv.slice(2);
const bytes = readFileSync(wasmFile);
const all = sections(bytes, wasmFile);
const fail = (why) => {
  console.error(`stub-fmt: ${why}`);
  process.exit(1);
};

/** Function indices count imported functions first; the code section holds the others, in order. */
const imported = all.filter((s) => s.id === 2).flatMap((s) => imports(bytes, s))
  .filter((i) => i.kind === 0).length;

/** Function index → name. */
const nameSection = all.find((s) => s.id === 0 && readName(bytes, s.body)[0] === 'name');
const names = nameSection ? functionNames(bytes, nameSection) : new Map();
if (names.size === 0) fail(`${wasmFile} has no function names (see scripts/strip-custom.mjs)`);

const isFmt = (fn) => /::fmt::/.test(fn);
const targets = new Set([...names.values()].filter(isFmt));
if ([...names.values()].some((fn) => /^core(\[[0-9a-f]+\])?::fmt::write$/.test(fn))) {
  fail('the module has core::fmt::write: something formats at run time, so its formatting code is live');
}
// Direct calls into the set from outside it (wasm-opt prints the call graph as `"caller" -> "callee"; // call`).
const graph = execFileSync(wasmOpt, ['--all-features', '--print-call-graph', wasmFile, '-o', '/dev/null'], {
  encoding: 'utf8',
  maxBuffer: 64 << 20,
});
for (const [, caller, callee] of graph.matchAll(/^\s*"(.*)" -> "(.*)"; \/\/ call$/gm)) {
  if (targets.has(callee) && !targets.has(caller)) fail(`${caller} calls ${callee}: it is not dead code`);
}

let emptied = 0;
const out = rewriteSections(bytes, wasmFile, ({ id, body }) => {
  if (id !== 10) return undefined;
  let [count, p] = readU32(bytes, body);
  const bodies = [u32(count)];
  for (let i = 0; i < count; i++) {
    const [size, at] = readU32(bytes, p);
    if (isFmt(names.get(imported + i) ?? '')) {
      bodies.push(Buffer.from([3, 0, 0x00, 0x0b])); // 3 bytes: no locals, `unreachable`, `end`
      emptied++;
    } else {
      bodies.push(bytes.subarray(p, at + size));
    }
    p = at + size;
  }
  return section(10, Buffer.concat(bodies));
});
writeFileSync(wasmFile, out);
console.error(`stub-fmt: ${emptied} formatting functions emptied`);
