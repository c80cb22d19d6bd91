// The functions of wasm-bindgen's glue that init() runs become parenthesized function expressions, which V8
// compiles with the rest of the module while the file streams in (its "PIFE" heuristic) rather than on the main
// thread when init() first calls them, as it does for every other function (issue 5: start-up; the wrapper's own
// init path in pkg-template/ is written the same way). esbuild keeps the parentheses.
// `function NAME(…) {…}` at the start of a line, up to the first line that is just `}`, becomes
// `const NAME = (function NAME(…) {…});`: none of them is called while the module evaluates, so the lost hoisting
// changes nothing.
// Usage: node scripts/eager-glue.mjs pkg/apikeys_wasm.js
import { readFileSync, writeFileSync } from 'node:fs';

const NAMES = ['initSync', '__wbg_get_imports', '__wbg_finalize_init'];

const file = process.argv[2];
let js = readFileSync(file, 'utf8');
for (const name of NAMES) {
  const head = `\nfunction ${name}(`;
  const at = js.indexOf(head);
  const end = js.indexOf('\n}\n', at);
  if (at < 0 || js.indexOf(head, at + 1) >= 0 || end < 0) {
    console.error(`eager-glue: ${file} does not hold one top-level function ${name} (a new wasm-bindgen?)`);
    process.exit(1);
  }
  js = `${js.slice(0, at)}\nconst ${name} = (function ${name}(${js.slice(at + head.length, end)}\n});\n${js.slice(end + 3)}`;
}
writeFileSync(file, js);
