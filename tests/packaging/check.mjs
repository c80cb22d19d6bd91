// Headless-Chromium check of every built consumer: each page, served from its own origin, imports
// the package through its bundler, signs in on the devserver, creates a key, and lists it with a
// real getAll. Run with `node --test check.mjs`; needs APIKEYS_DEVSERVER_URL.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './support/browser.mjs';
import { serveStatic } from './support/static-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const api = process.env.APIKEYS_DEVSERVER_URL;
if (!api) throw new Error('set APIKEYS_DEVSERVER_URL to the running devserver');

const consumers = [
  { consumer: 'next-turbopack', dir: 'next-app/out/turbopack' },
  { consumer: 'next-webpack', dir: 'next-app/out/webpack' },
  { consumer: 'vite', dir: 'vite-app/dist' },
  { consumer: 'plain', dir: 'plain/dist' },
];

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

for (const { consumer, dir } of consumers) {
  test(`${consumer}: built page instantiates the inlined wasm and a real getAll succeeds`, async () => {
    const site = await serveStatic(path.join(here, dir));
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (msg) => {
      // Failed requests are judged from the responses below (the 409 is the page's own duplicate test).
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) problems.push(`console: ${msg.text()}`);
    });
    const wasmResponses = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.pathname.endsWith('.wasm')) wasmResponses.push(response.status());
      const expected = response.status() === 409 && url.pathname === '/api_keys';
      if (response.status() >= 400 && !expected && url.pathname !== '/favicon.ico') {
        problems.push(`HTTP ${response.status()} for ${response.request().method()} ${url.pathname}`);
      }
    });
    try {
      await page.goto(`${site.url}/?api=${encodeURIComponent(api)}`);
      const marker = page.locator('#result[data-status]');
      await marker.waitFor({ timeout: 30_000 });
      const status = await marker.getAttribute('data-status');
      const result = JSON.parse(await marker.textContent());
      assert.equal(status, 'ok', `page reported an error: ${JSON.stringify(result)}; ${problems.join(' | ')}`);
      assert.equal(result.consumer, consumer);
      assert.match(result.createdId, /^ak_/);
      assert.equal(result.secretOnCreate, true, 'create() result carries the secret');
      assert.equal(result.secretLeftInMemory, false, "the secret is not left in the wasm's memory after create()");
      assert.equal(result.secretLeftAfterMore, false, 'nor after the calls that follow');
      assert.equal(result.total_count, 1, 'getAll({query}) finds exactly the key just created');
      assert.equal(result.listedName, result.name);
      assert.equal(result.listedHasSecret, false, 'listed keys carry no secret');
      assert.equal(result.createdAtIsDate, true, 'createdAt is a Date');
      assert.deepEqual(result.idsWithoutBytes, [result.createdId], 'bodies are read without Response.bytes() too');
      assert.deepEqual(result.duplicate, { status: 409, instanceOf: true, guard: true });
      assert.equal(result.retryAfterFailure, true, 'init() after a failed init() retries and succeeds');
      assert.ok(result.syncCompilesRefused > 0, 'init() compiles asynchronously where a synchronous compile is refused (Chrome < 114)');
      // The wasm is inside the package's JS: the page fetches no .wasm at all.
      assert.deepEqual(wasmResponses, [], 'no .wasm fetch');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      await site.close();
    }
  });
}
