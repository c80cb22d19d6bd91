// "Build" for a page without a bundler: copy the installed package (as npm unpacked it from the
// tarball) and the page into dist/. The page maps the bare specifier with an import map.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const pkgDir = path.dirname(require.resolve('apikeys-wasm/package.json'));
const dist = path.join(here, 'dist');

rmSync(dist, { recursive: true, force: true });
mkdirSync(path.join(dist, 'vendor'), { recursive: true });
cpSync(pkgDir, path.join(dist, 'vendor', 'apikeys-wasm'), { recursive: true });
cpSync(path.join(here, 'index.html'), path.join(dist, 'index.html'));
cpSync(path.join(here, '..', 'shared', 'probe.js'), path.join(dist, 'probe.js'));
console.log(`plain page built into ${path.relative(process.cwd(), dist) || '.'}`);
