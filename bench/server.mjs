// The bench page's static server: `/` is bench/page.html, `/bench/*` is bench/, `/pkg/*` is the built package.
// Every response is cross-origin isolated (COOP same-origin + COEP require-corp, so performance.now() is
// fine-grained) and `Cache-Control: no-store` (so every fresh page load fetches and compiles everything again).
// Used in-process by bench/run.mjs; `node bench/server.mjs [PORT]` serves it on its own for poking at by hand.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoDir = resolve(benchDir, '..');

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
};

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

function locate(pathname, pkgDir) {
  if (pathname === '/' || pathname === '/index.html') return join(benchDir, 'page.html');
  for (const [prefix, root] of [['/bench/', benchDir], ['/pkg/', pkgDir]]) {
    if (!pathname.startsWith(prefix)) continue;
    const file = normalize(join(root, decodeURIComponent(pathname.slice(prefix.length))));
    // No escaping the two roots, and nothing from a node_modules folder.
    if (!file.startsWith(root + sep) || file.includes(`${sep}node_modules${sep}`)) return undefined;
    return file;
  }
  return undefined;
}

/** Starts the server on 127.0.0.1:`port` (0 = any free port); resolves to `{ url, close }`. */
export function startServer({ port = 0, pkgDir = join(repoDir, 'pkg') } = {}) {
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://x');
    const file = req.method === 'GET' || req.method === 'HEAD' ? locate(pathname, pkgDir) : undefined;
    let body;
    try {
      body = file && (await readFile(file));
    } catch {
      body = undefined;
    }
    if (!body) {
      res.writeHead(404, { ...isolation, 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      ...isolation,
      'Content-Type': types[extname(file)] ?? 'application/octet-stream',
      'Content-Length': body.length,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}`;
      ok({
        url,
        close: () => new Promise((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await startServer({ port: Number(process.argv[2] ?? 0) });
  console.log(`bench page server on ${url}`);
}
