// `make bench` (issue 5): apikeys-wasm side by side with the plain-JS baseline (bench/baseline.js) in headless
// Chromium, in one run. Prints one table and writes it, with the raw samples, to target/bench/results.json.
//
//   node bench/run.mjs --devserver http://127.0.0.1:PORT [--pkg pkg] [--out target/bench/results.json]
//
// The devserver must run with `--db :memory: --test-mode --key-quota 1000` (scripts/bench.sh starts it).
// Knobs (environment): BENCH_CALLS (timed calls per row, default 200), BENCH_STARTUP_LOADS (default 20),
// BENCH_MEMORY_CALLS (default 10000), BENCH_PROFILE=1 (CPU profile of the 500-key decode run, summarised and
// saved as target/bench/decode-500.cpuprofile), BENCH_STRICT=1 (exit 1 when a row FAILs), BENCH_PHASES (a comma
// list of startup,e2e,decode,memory to run only those; for investigating, the table then has only their rows).
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, packageSizes } from '../scripts/sizes.mjs';
import { launchChromium } from '../tests/packaging/support/browser.mjs';
import { startServer } from './server.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoDir = resolve(benchDir, '..');

const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const devUrl = arg('--devserver');
if (!devUrl) {
  console.error('usage: node bench/run.mjs --devserver http://127.0.0.1:PORT [--pkg DIR] [--out FILE]');
  process.exit(2);
}
const pkgDir = resolve(repoDir, arg('--pkg', 'pkg'));
const outFile = resolve(repoDir, arg('--out', 'target/bench/results.json'));
const outDir = dirname(outFile);
const devserverLabel = arg('--devserver-bin', 'unknown');
const envInt = (name, fallback) => (process.env[name] ? Number.parseInt(process.env[name], 10) : fallback);
const CALLS = Math.max(envInt('BENCH_CALLS', 200), 1);
const LOADS = Math.max(envInt('BENCH_STARTUP_LOADS', 20), 1);
const MEMORY_CALLS = Math.max(envInt('BENCH_MEMORY_CALLS', 10000), 200);
const PAGE_SIZES = [10, 100, 500];
const PHASES = new Set((process.env.BENCH_PHASES ?? 'startup,e2e,decode,memory').split(',').map((x) => x.trim()));
const KEYS = 500;
const USER = 'user_bench';
const KiB = 1024;
const MiB = 1024 * 1024;

const log = (msg) => process.stderr.write(`bench [${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s]: ${msg}\n`);
const started = Date.now();

// ---------- statistics and formatting ----------

const sorted = (xs) => [...xs].sort((a, b) => a - b);
function median(xs) {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const p95 = (xs) => sorted(xs)[Math.max(0, Math.ceil(0.95 * xs.length) - 1)];
const summary = (xs) => ({ median: median(xs), p95: p95(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });

const ms = (v) => (v >= 100 ? v.toFixed(1) : v >= 10 ? v.toFixed(2) : v.toFixed(3));
const bytes = (v) => v.toLocaleString('en-US');
const mib = (v) => `${(v / MiB).toFixed(2)} MiB`;
const signedKib = (v) => `${v >= 0 ? '+' : '-'}${(Math.abs(v) / KiB).toFixed(1)} KiB`;
const ratio = (a, b) => (b > 0 ? a / b : null);
const fmtRatio = (r) => (r === null || !Number.isFinite(r) ? '—' : `${r.toFixed(2)}x`);

// ---------- sizes ----------

function measureSizes() {
  const { shipped, ...pkg } = packageSizes(pkgDir);
  // Per-file figures for the JSON only (the table uses the package totals).
  const files = Object.fromEntries(shipped.map((p) => [relative(pkgDir, p), measure([readFileSync(p)])]));
  const baseline = measure([readFileSync(join(benchDir, 'baseline.js'))]);
  return { pkg, files, baseline };
}

function sdkEntry() {
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const dot = manifest.exports?.['.'];
  const entry = (typeof dot === 'string' ? dot : dot?.import ?? dot?.default) ?? manifest.module ?? manifest.main;
  if (!entry) throw new Error('pkg/package.json names no entry');
  return `/pkg/${entry.replace(/^\.\//, '')}`;
}

// ---------- devserver seeding ----------

async function devFetch(path, { token, body, method = body ? 'POST' : 'GET' } = {}) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${devUrl}${path}`, { method, headers, body: body && JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Signs the bench user in and gives it KEYS keys that exercise every field (dates, nulls, descriptions). */
async function seed() {
  const { session_token: token } = await devFetch('/dev/sign_in', {
    body: { user_id: USER, organization_ids: [] },
  });
  if (!token) throw new Error('POST /dev/sign_in returned no session_token');
  const used = [];
  const create = async (i) => {
    const body = { type: 'api_key', name: `bench-key-${String(i).padStart(3, '0')}`, subject: USER };
    if (i % 2 === 0) body.description = `Bench key number ${i}, used by make bench`;
    if (i % 3 === 0) body.seconds_until_expiration = 86400 * (30 + i);
    const key = await devFetch('/api_keys', { token, body });
    if (i % 4 === 0) used.push(key.secret);
  };
  const queue = Array.from({ length: KEYS }, (_, i) => i);
  const worker = async (work) => {
    while (queue.length) await work(queue.shift());
  };
  await Promise.all(Array.from({ length: 4 }, () => worker(create)));
  // Mark every fourth key used, so last_used_at is a date on some keys and null on the rest.
  queue.push(...used);
  await Promise.all(
    Array.from({ length: 4 }, () => worker((secret) => devFetch('/demo/whoami', { token: secret }))),
  );
  const check = await devFetch(`/api_keys?subject=${USER}&query=&limit=1&offset=0`, { token });
  if (check.total_count < KEYS) throw new Error(`seeded ${KEYS} keys but total_count is ${check.total_count}`);
  return token;
}

// ---------- browser ----------

async function openPage(browser, baseUrl, path = '/') {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log(`page console.${m.type()}: ${m.text()}`);
  });
  await page.goto(`${baseUrl}${path}`);
  await page.waitForFunction(() => window.benchReady === true);
  return { context, page };
}

async function heapAndLinear(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const linear = await page.evaluate(() => window.bench.linearMemoryBytes());
  return { jsHeapUsed: heap.usedSize, jsHeapTotal: heap.totalSize, linearMemory: linear };
}

/** Memory workload in a page of its own for one client: snapshots at 0, after 100, after MEMORY_CALLS calls. */
async function memoryRun(browser, baseUrl, which, setupArgs) {
  const { context, page } = await openPage(browser, baseUrl);
  try {
    const cdp = await context.newCDPSession(page);
    const set = await page.evaluate((a) => window.bench.setup(a), { ...setupArgs, which });
    await page.evaluate((a) => window.bench.capture(a), { pageSize: 100 });
    const at0 = await heapAndLinear(page, cdp);
    await page.evaluate((a) => window.bench.churn(a), { which, pageSize: 100, n: 100 });
    const at100 = await heapAndLinear(page, cdp);
    const t0 = Date.now();
    // In chunks, so no single evaluate runs for long.
    for (let done = 100; done < MEMORY_CALLS; ) {
      const n = Math.min(2000, MEMORY_CALLS - done);
      await page.evaluate((a) => window.bench.churn(a), { which, pageSize: 100, n });
      done += n;
    }
    const seconds = (Date.now() - t0) / 1000;
    const atEnd = await heapAndLinear(page, cdp);
    return { memorySource: set.memorySource, at0, at100, atEnd, calls: MEMORY_CALLS, seconds };
  } finally {
    await context.close();
  }
}

/** Summarises a CDP CPU profile: self time per function, top entries. */
function profileSummary(profile, top = 25) {
  const self = new Map();
  const dt = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  let total = 0;
  for (const node of profile.nodes) {
    const t = (dt.get(node.id) ?? 0) / 1000;
    if (!t) continue;
    const cf = node.callFrame;
    const key = `${cf.functionName || '(anonymous)'}  [${cf.url ? basename(cf.url) : cf.scriptId ? 'script' : 'native'}]`;
    self.set(key, (self.get(key) ?? 0) + t);
    total += t;
  }
  const functions = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, t]) => ({ fn, selfMs: Number(t.toFixed(2)), share: Number(((100 * t) / total).toFixed(1)) }));
  // Who pays: a native function (JSON.parse, Response, arrayBuffer, ...) is charged to its nearest caller
  // with a script URL; SDK = anything under /pkg/ (glue, snippets, wasm).
  const parent = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const side = (id) => {
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const url = byId.get(cur).callFrame.url;
      if (url) return url.includes('/pkg/') ? 'SDK' : url.endsWith('/baseline.js') ? 'baseline' : 'bench harness';
    }
    return 'unattributed (GC, idle, program)';
  };
  const sides = {};
  for (const n of profile.nodes) {
    const t = (dt.get(n.id) ?? 0) / 1000;
    if (t) sides[side(n.id)] = (sides[side(n.id)] ?? 0) + t;
  }
  return { functions, sides: Object.fromEntries(Object.entries(sides).map(([k, v]) => [k, Number(v.toFixed(1))])) };
}

/**
 * Runs in the page (page.evaluate, so that it fetches no script of its own): imports the modules in `order`, one
 * after the other or `together` (both import()s issued in the same tick and timed from the same instant), each to
 * its ready (the SDK's init() included); and when each fetched file's request went out and it had arrived.
 */
async function importInPage({ sdkEntry, baselineUrl, order, together }) {
  // Warm the dynamic-import machinery with a module that needs no network, so that whichever module goes first
  // does not pay for it alone.
  const blob = URL.createObjectURL(new Blob(['export default 1;'], { type: 'text/javascript' }));
  await import(blob);
  URL.revokeObjectURL(blob);
  const time = async (which, t0) => {
    if (which === 'baseline') {
      await import(baselineUrl);
      return { total: performance.now() - t0 };
    }
    const mod = await import(sdkEntry);
    const t1 = performance.now();
    await mod.default();
    const t2 = performance.now();
    return { total: t2 - t0, import: t1 - t0, init: t2 - t1 };
  };
  const t0 = performance.now();
  const out = {};
  if (together) {
    const times = await Promise.all(order.map((which) => time(which, t0)));
    order.forEach((which, i) => { out[which] = times[i]; });
  } else {
    for (const which of order) out[which] = await time(which, performance.now());
  }
  out.resources = performance
    .getEntriesByType('resource')
    .filter((e) => e.startTime >= t0)
    .map((e) => ({ path: new URL(e.name).pathname, request: e.requestStart - t0, end: e.responseEnd - t0 }));
  return out;
}

/**
 * Start-up, three ways, each over fresh pages (a fresh browser context each), the order alternated:
 *   (the target's row) both modules' import() at once, as the first script fetches of a fresh page
 *     (bench/fresh.html): the issue's "a fresh page imports a small JS module in ~20 ms", both in the same pages
 *   primed: one after the other, in a page that has already fetched a script of its own (bench/page.js), as an
 *     app has by the time it imports the SDK later on; Chromium sends those requests 5–6 ms sooner
 *   firstFetch: one module alone in each fresh page, its first script fetch (pages 2k and 2k+1 are a pair)
 */
async function startup(browser, baseUrl, entry) {
  const s = { sdk: [], sdkImport: [], sdkInit: [], baseline: [], resources: [] };
  const pages = async (what, path, n, args) => {
    log(`start-up, ${what}: ${n} fresh page loads, a fresh browser context each`);
    const out = [];
    for (let i = 0; i < n; i++) {
      const { context, page } = await openPage(browser, baseUrl, path);
      out.push(await page.evaluate(importInPage, { sdkEntry: entry, baselineUrl: '/bench/baseline.js', ...args(i) }));
      await context.close();
    }
    return out;
  };
  const order = (sdkFirst) => (sdkFirst ? ['sdk', 'baseline'] : ['baseline', 'sdk']);
  for (const r of await pages('both imports at once, the first script fetches', '/bench/fresh.html', LOADS,
    (i) => ({ order: order(i % 2 === 0), together: true }))) {
    s.sdk.push(r.sdk.total);
    s.sdkImport.push(r.sdk.import);
    s.sdkInit.push(r.sdk.init);
    s.baseline.push(r.baseline.total);
    s.resources.push(r.resources);
  }
  s.primed = { sdk: [], baseline: [] };
  for (const r of await pages('one after the other, after a script of the page', '/', LOADS, (i) => ({ order: order(i % 2 === 0) }))) {
    s.primed.sdk.push(r.sdk.total);
    s.primed.baseline.push(r.baseline.total);
  }
  s.firstFetch = { sdk: [], baseline: [], requestStart: { sdk: [], baseline: [] } };
  const alone = (i) => order(i % 4 < 2)[i % 2];
  (await pages('one module a page', '/bench/fresh.html', 2 * LOADS, (i) => ({ order: [alone(i)] }))).forEach((r, i) => {
    const which = alone(i);
    s.firstFetch[which].push(r[which].total);
    s.firstFetch.requestStart[which].push(r.resources[0] ? r.resources[0].request : null);
  });
  return s;
}

// ---------- main ----------

async function main() {
  mkdirSync(outDir, { recursive: true });
  if (!statSync(join(pkgDir, 'package.json'), { throwIfNoEntry: false })) {
    throw new Error(`${pkgDir} has no package.json: build the package first (make pkg)`);
  }
  const entry = sdkEntry();
  log(`package entry ${entry}; devserver ${devUrl} (${devserverLabel})`);

  const sizes = measureSizes();
  log(`seeding ${KEYS} keys for ${USER}`);
  const token = await seed();

  const server = await startServer({ pkgDir });
  const browser = await launchChromium();
  const results = { sizes };
  try {
    // Is the clock fine-grained?
    {
      const { context, page } = await openPage(browser, server.url);
      results.info = await page.evaluate(() => window.bench.info());
      results.info.browserVersion = browser.version();
      await context.close();
      if (!results.info.crossOriginIsolated) log('WARNING: the bench page is not crossOriginIsolated; timers are coarse');
      log(`crossOriginIsolated=${results.info.crossOriginIsolated}, timer step ${(results.info.timerStepMs * 1000).toFixed(1)} µs`);
    }

    if (PHASES.has('startup')) results.startup = await startup(browser, server.url, entry);

    // Per-call: one page, both clients, same options.
    const setupArgs = { sdkEntry: entry, devUrl, token, userId: USER };
    {
      const { context, page } = await openPage(browser, server.url);
      await page.evaluate((a) => window.bench.setup(a), { ...setupArgs, which: 'both' });
      results.bodies = {};
      results.mismatches = {};
      for (const pageSize of PAGE_SIZES) {
        results.bodies[pageSize] = await page.evaluate((a) => window.bench.capture(a), { pageSize });
        const problems = await page.evaluate((a) => window.bench.compare(a), { pageSize });
        if (problems.length) {
          results.mismatches[pageSize] = problems;
          log(`WARNING: SDK and baseline results differ for ${pageSize} keys:\n  ${problems.join('\n  ')}`);
        }
      }
      results.e2e = {};
      for (const pageSize of PHASES.has('e2e') ? PAGE_SIZES : []) {
        log(`end-to-end getAll, ${pageSize} keys: ${CALLS} calls each, interleaved`);
        results.e2e[pageSize] = await page.evaluate((a) => window.bench.e2e(a), {
          pageSize, n: CALLS, warmup: 20,
        });
      }
      results.decode = {};
      for (const pageSize of PHASES.has('decode') ? PAGE_SIZES : []) {
        log(`decode from an in-memory Response, ${pageSize} keys: ${CALLS} calls each, interleaved`);
        const r = await page.evaluate((a) => window.bench.decode(a), { pageSize, n: CALLS, warmup: 30 });
        if (r.fetchCalls !== r.expectedFetchCalls) {
          throw new Error(`decode ${pageSize}: fetch was called ${r.fetchCalls} times, expected ${r.expectedFetchCalls}` +
            ' (does a client bypass globalThis.fetch?)');
        }
        results.decode[pageSize] = r;
      }
      if (process.env.BENCH_PROFILE === '1') {
        log('profiling the 500-key decode run (CDP Profiler)');
        const cdp = await context.newCDPSession(page);
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
        await cdp.send('Profiler.start');
        await page.evaluate((a) => window.bench.decode(a), { pageSize: 500, n: CALLS, warmup: 0 });
        const { profile } = await cdp.send('Profiler.stop');
        writeFileSync(join(outDir, 'decode-500.cpuprofile'), JSON.stringify(profile));
        results.profile = profileSummary(profile);
      }
      await context.close();
    }

    // Memory: each client in a page of its own.
    if (PHASES.has('memory')) {
      log(`memory: ${MEMORY_CALLS} getAll calls of 100 keys per client (in-memory Response), a page each`);
      results.memory = {
        sdk: await memoryRun(browser, server.url, 'sdk', setupArgs),
        baseline: await memoryRun(browser, server.url, 'baseline', setupArgs),
      };
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const rows = buildRows(results);
  const table = renderTable(rows, results);
  process.stdout.write(table);
  if (results.profile) {
    process.stdout.write('\nCPU profile of the 500-key decode run (SDK and baseline interleaved), self time:\n');
    process.stdout.write(`  by side (ms): ${Object.entries(results.profile.sides).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    for (const p of results.profile.functions) process.stdout.write(`  ${String(p.selfMs).padStart(9)} ms ${String(p.share).padStart(5)}%  ${p.fn}\n`);
  }
  const wallSeconds = (Date.now() - started) / 1000;
  const out = {
    generatedAt: new Date().toISOString(),
    wallSeconds,
    environment: {
      browser: `Chromium ${results.info.browserVersion} (headless)`,
      userAgent: results.info.userAgent,
      crossOriginIsolated: results.info.crossOriginIsolated,
      timerStepMs: results.info.timerStepMs,
      devserver: devserverLabel,
      node: process.version,
      packageEntry: entry,
      callsPerRow: CALLS,
      startupLoads: LOADS,
      memoryCalls: MEMORY_CALLS,
      bodies: results.bodies,
    },
    rows,
    mismatches: results.mismatches,
    memory: results.memory,
    sizeFiles: results.sizes.files,
    profile: results.profile,
    samples: { startup: results.startup, e2e: results.e2e, decode: results.decode },
  };
  writeFileSync(outFile, `${JSON.stringify(out, null, 2)}\n`);
  log(`wrote ${relative(repoDir, outFile)} (${wallSeconds.toFixed(1)} s)`);
  const failed = rows.filter((r) => r.result === 'FAIL');
  if (failed.length && process.env.BENCH_STRICT === '1') process.exit(1);
}

function buildRows(r) {
  const rows = [];
  const { pkg, baseline } = r.sizes;
  const add = (row) => rows.push({ ...row, target: row.target ?? null, result: row.result ?? 'info' });
  const check = (ok) => (ok ? 'PASS' : 'FAIL');

  for (const kind of ['gzip', 'brotli']) {
    add({ id: `size.${kind}.wasm`, label: `size ${kind}: wasm, inlined in index.js (B)`, unit: 'B', sdk: pkg.wasm[kind], baseline: null, ratio: null });
    add({ id: `size.${kind}.js`, label: `size ${kind}: JS glue+wrapper+snippets (B)`, unit: 'B', sdk: pkg.js[kind], baseline: baseline[kind], ratio: ratio(pkg.js[kind], baseline[kind]) });
    const total = { id: `size.${kind}.total`, label: `size ${kind}: total (B)`, unit: 'B', sdk: pkg.total[kind], baseline: baseline[kind], ratio: ratio(pkg.total[kind], baseline[kind]) };
    if (kind === 'gzip') Object.assign(total, { target: '≤ 30,000 B', result: check(pkg.total.gzip <= 30000) });
    add(total);
  }

  const timed = (id, label, s, b, targetRatio) => {
    const sdk = summary(s);
    const base = summary(b);
    const row = { id, label, unit: 'ms', sdk, baseline: base, ratio: ratio(sdk.median, base.median), ratioP95: ratio(sdk.p95, base.p95) };
    if (targetRatio) Object.assign(row, { target: `≤ ${targetRatio}x`, result: check(row.ratio <= targetRatio) });
    add(row);
  };
  if (r.startup) {
    const st = r.startup;
    timed('startup', `start-up import()→ready, fresh page, both at once, ${st.sdk.length} loads (ms)`, st.sdk, st.baseline, 1.5);
    add({
      id: 'startup.sdk.split', label: '  SDK split: import() / init() (ms)', unit: 'ms',
      sdk: { import: summary(st.sdkImport), init: summary(st.sdkInit) }, baseline: null, ratio: null,
    });
    // What the SDK adds, page by page: steadier than the ratio, whose denominator (a request in a fresh page)
    // swings from run to run with the machine's load.
    const extra = (id, sdk, base) => add({
      id, label: '  SDK − baseline, same page (ms)', unit: 'ms',
      sdk: summary(sdk.map((t, i) => t - base[i])), baseline: null, ratio: null,
    });
    extra('startup.extra', st.sdk, st.baseline);
    timed('startup.primed', `  one after the other, the page having fetched a script, ${st.primed.sdk.length} loads (ms)`, st.primed.sdk, st.primed.baseline, null);
    extra('startup.primed.extra', st.primed.sdk, st.primed.baseline);
    timed('startup.firstFetch', `  one module alone in a fresh page, ${st.firstFetch.sdk.length} pages each (ms)`, st.firstFetch.sdk, st.firstFetch.baseline, null);
  }
  for (const n of Object.keys(r.e2e).map(Number)) {
    timed(`e2e.${n}`, `getAll end-to-end, ${n} keys (ms)`, r.e2e[n].sdk, r.e2e[n].baseline, n === 500 ? 1.1 : null);
  }
  // What the SDK adds per call, from each interleaved pair: like start-up's, steadier than the ratio, whose
  // denominator is mostly the request's own time (and the server's build).
  if (r.e2e[500]) {
    const { sdk, baseline } = r.e2e[500];
    add({
      id: 'e2e.500.extra', label: '  SDK − baseline, paired calls (ms)', unit: 'ms',
      sdk: summary(sdk.map((t, i) => t - baseline[i])), baseline: null, ratio: null,
    });
  }
  for (const n of Object.keys(r.decode).map(Number)) {
    timed(`decode.${n}`, `decode from Response, ${n} keys (ms)`, r.decode[n].sdk, r.decode[n].baseline, n === 500 ? 2 : null);
  }

  const m = r.memory;
  if (!m) return rows;
  const lin = m.sdk;
  const linGrowth = lin.atEnd.linearMemory !== null ? lin.atEnd.linearMemory - lin.at100.linearMemory : null;
  add({
    id: 'memory.linear', label: `wasm linear memory: start / +100 / +${m.sdk.calls} calls`, unit: 'B',
    sdk: { start: lin.at0.linearMemory, after100: lin.at100.linearMemory, end: lin.atEnd.linearMemory }, baseline: null, ratio: null,
  });
  add({
    id: 'memory.linear.growth', label: 'wasm linear memory growth after first 100', unit: 'B',
    sdk: linGrowth, baseline: null, ratio: null, target: '< 1 MiB',
    result: linGrowth === null ? 'FAIL' : check(linGrowth < MiB),
  });
  add({
    id: 'memory.heap', label: `JS heap used after GC, +${m.sdk.calls} calls`, unit: 'B',
    sdk: m.sdk.atEnd.jsHeapUsed, baseline: m.baseline.atEnd.jsHeapUsed, ratio: ratio(m.sdk.atEnd.jsHeapUsed, m.baseline.atEnd.jsHeapUsed),
  });
  const heapGrowth = (x) => x.atEnd.jsHeapUsed - x.at100.jsHeapUsed;
  const hs = heapGrowth(m.sdk);
  const hb = heapGrowth(m.baseline);
  add({
    id: 'memory.heap.growth', label: 'JS heap growth after first 100', unit: 'B',
    sdk: hs, baseline: hb, ratio: Math.abs(hb) >= 64 * KiB ? ratio(hs, hb) : null,
    target: '< 1 MiB', result: check(hs < MiB),
  });
  return rows;
}

function cell(row, side) {
  const v = row[side];
  if (v === null || v === undefined) return '—';
  if (row.id === 'startup.sdk.split') return `${ms(v.import.median)} / ${ms(v.init.median)}`;
  if (row.id === 'memory.linear') return `${mib(v.start)} / ${mib(v.after100)} / ${mib(v.end)}`;
  if (row.id.endsWith('.growth')) return signedKib(v);
  if (row.id === 'memory.heap') return mib(v);
  if (row.unit === 'ms') return `${ms(v.median)} / ${ms(v.p95)}`;
  return bytes(v);
}

/** Median request start and arrival (ms after the import()) of each file the both-at-once pages fetched. */
function waterfall(loads) {
  const byPath = new Map();
  for (const e of loads.flat()) {
    if (!byPath.has(e.path)) byPath.set(e.path, { request: [], end: [] });
    byPath.get(e.path).request.push(e.request);
    byPath.get(e.path).end.push(e.end);
  }
  const parts = [...byPath.entries()]
    .map(([path, t]) => ({ path, request: median(t.request), end: median(t.end) }))
    .sort((a, b) => a.request - b.request)
    .map((e) => `${e.path} ${ms(e.request)}→${ms(e.end)}`);
  return `start-up, both at once: request sent → file arrived (median ms after the import()): ${parts.join(', ') || 'none'}\n`;
}

function renderTable(rows, r) {
  const head = ['metric', 'SDK', 'baseline', 'SDK/base', 'target', 'result'];
  const body = rows.map((row) => [
    row.label,
    cell(row, 'sdk'),
    cell(row, 'baseline'),
    row.ratioP95 !== undefined ? `${fmtRatio(row.ratio)} (p95 ${fmtRatio(row.ratioP95)})` : fmtRatio(row.ratio),
    row.target ?? '',
    row.result,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cols) => `${cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}\n`;
  const e = r.info;
  let out = '\n';
  out += `apikeys-wasm bench: Chromium ${e.browserVersion} headless, crossOriginIsolated=${e.crossOriginIsolated}, `;
  out += `timer step ${(e.timerStepMs * 1000).toFixed(1)} µs, devserver ${devserverLabel}\n`;
  if (/\bdebug\b/.test(devserverLabel)) {
    out += 'note: a debug devserver served the end-to-end rows; its own time is in both columns and pulls their ratio toward 1\n';
  }
  out += `times: median / p95 in ms; ratios compare medians; ${CALLS} interleaved calls per client per row; `;
  out += `page bodies ${PAGE_SIZES.map((n) => `${n} keys = ${bytes(r.bodies[n].bytes)} B`).join(', ')}\n\n`;
  out += line(head);
  out += line(widths.map((w) => '-'.repeat(w)));
  for (const b of body) out += line(b);
  const fails = rows.filter((x) => x.result === 'FAIL').length;
  const checks = rows.filter((x) => x.result !== 'info').length;
  out += `\n${checks - fails}/${checks} targets met${fails ? `; ${fails} FAIL` : ''}.\n`;
  if (r.memory) out += `Memory: ${r.memory.sdk.memorySource}.\n`;
  if (r.startup) {
    out += waterfall(r.startup.resources);
    const sent = r.startup.firstFetch.requestStart;
    const at = (xs) => ms(median(xs.filter((x) => x !== null)));
    out += `start-up, one module a page: the request went out ${at(sent.sdk)} ms (SDK) and ${at(sent.baseline)} ms `;
    out += '(baseline) after the import() (median)\n';
  }
  if (Object.keys(r.mismatches).length) out += 'WARNING: the SDK and the baseline returned different results (see results.json "mismatches").\n';
  return out;
}

main().catch((e) => {
  console.error(`bench: ${e.stack ?? e}`);
  process.exit(1);
});
