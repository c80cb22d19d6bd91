// Runs inside the cross-origin-isolated bench page. bench/run.mjs drives it through `window.bench.*` and does
// the statistics itself; everything here returns raw samples in milliseconds from performance.now().
// Neither the SDK nor the baseline is imported statically: start-up is measured from the `import()`.

const BASELINE = '/bench/baseline.js';
const state = { texts: new Map(), fetchCalls: 0 };
const realFetch = globalThis.fetch;

/** Smallest positive step of performance.now() seen in a short busy loop (ms). */
function timerStep() {
  let step = Infinity;
  let last = performance.now();
  const end = last + 20;
  while (last < end) {
    const now = performance.now();
    if (now > last) {
      step = Math.min(step, now - last);
      last = now;
    }
  }
  return step;
}

/** Setup pages only (never start-up pages): remember the memory of any instance the SDK creates. */
function watchInstantiation() {
  const seen = {};
  const keep = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result?.instance;
    const mem = instance?.exports?.memory;
    if (mem instanceof WebAssembly.Memory) seen.memory = mem;
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = (...args) => original.apply(WebAssembly, args).then(keep);
  }
  return seen;
}

function installFakeFetch(pageSize) {
  const text = state.texts.get(pageSize);
  if (text === undefined) throw new Error(`no captured body for pageSize ${pageSize}`);
  state.fetchCalls = 0;
  globalThis.fetch = () => {
    state.fetchCalls += 1;
    return Promise.resolve(
      new Response(text, { status: 200, headers: { 'content-type': 'application/json' } }),
    );
  };
}

function restoreFetch() {
  globalThis.fetch = realFetch;
}

async function timeCall(client, pageSize) {
  const t0 = performance.now();
  const result = await client.getAll({ pageSize });
  const dt = performance.now() - t0;
  if (result.data.length !== pageSize) {
    throw new Error(`getAll({pageSize: ${pageSize}}) returned ${result.data.length} keys`);
  }
  return dt;
}

/** n interleaved calls (SDK first on even i, baseline first on odd i) after `warmup` untimed pairs. */
async function interleaved(pageSize, n, warmup) {
  const { sdk, base } = state;
  for (let i = 0; i < warmup; i++) {
    await timeCall(sdk, pageSize);
    await timeCall(base, pageSize);
  }
  const s = [];
  const b = [];
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) {
      s.push(await timeCall(sdk, pageSize));
      b.push(await timeCall(base, pageSize));
    } else {
      b.push(await timeCall(base, pageSize));
      s.push(await timeCall(sdk, pageSize));
    }
  }
  return { sdk: s, baseline: b };
}

const sameValue = (a, b) => {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  return JSON.stringify(a) === JSON.stringify(b);
};

function describe(v) {
  if (v instanceof Date) return `Date(${v.toISOString()})`;
  return JSON.stringify(v);
}

window.bench = {
  info() {
    return {
      crossOriginIsolated: globalThis.crossOriginIsolated,
      timerStepMs: timerStep(),
      userAgent: navigator.userAgent,
    };
  },

  /** Loads `which` ('sdk', 'baseline' or 'both') and makes one client of each with the same options. */
  async setup({ sdkEntry, devUrl, token, userId, which = 'both' }) {
    const options = { frontendApi: devUrl, getToken: () => token, userId };
    const out = {};
    if (which !== 'baseline') {
      const seen = watchInstantiation();
      const mod = await import(sdkEntry);
      const exports = await mod.default();
      state.sdk = new mod.APIKeys(options);
      if (exports && exports.memory instanceof WebAssembly.Memory) {
        state.memory = exports.memory;
        out.memorySource = 'init() resolves to the wasm exports; exports.memory';
      } else if (seen.memory) {
        state.memory = seen.memory;
        out.memorySource = 'init() does not return the exports; memory taken from the wrapped WebAssembly.instantiate*';
      } else {
        out.memorySource = 'none found';
      }
    }
    if (which !== 'sdk') {
      state.base = new (await import(BASELINE)).APIKeys(options);
    }
    state.devUrl = devUrl;
    state.token = token;
    state.userId = userId;
    return out;
  },

  /** Captures the real server's body for a page of `pageSize` keys, once, for the in-memory Response runs. */
  async capture({ pageSize }) {
    const q = new URLSearchParams({ subject: state.userId, query: '', limit: String(pageSize), offset: '0' });
    const res = await realFetch(`${state.devUrl}/api_keys?${q}`, {
      credentials: 'include',
      headers: { Authorization: `Bearer ${state.token}` },
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`capture: HTTP ${res.status}: ${text.slice(0, 200)}`);
    state.texts.set(pageSize, text);
    return { bytes: text.length, keys: JSON.parse(text).data.length };
  },

  /** End-to-end getAll against the devserver. */
  e2e({ pageSize, n, warmup }) {
    restoreFetch();
    return interleaved(pageSize, n, warmup);
  },

  /** getAll from an in-memory Response (same captured text for both). */
  async decode({ pageSize, n, warmup }) {
    installFakeFetch(pageSize);
    try {
      const out = await interleaved(pageSize, n, warmup);
      out.fetchCalls = state.fetchCalls;
      out.expectedFetchCalls = 2 * (n + warmup);
      return out;
    } finally {
      restoreFetch();
    }
  },

  /** Field-by-field comparison of the SDK's and the baseline's result for the same in-memory body. */
  async compare({ pageSize }) {
    installFakeFetch(pageSize);
    try {
      const [s, b] = [await state.sdk.getAll({ pageSize }), await state.base.getAll({ pageSize })];
      const problems = [];
      if (s.total_count !== b.total_count) problems.push(`total_count ${s.total_count} vs ${b.total_count}`);
      if (s.data.length !== b.data.length) problems.push(`data.length ${s.data.length} vs ${b.data.length}`);
      const sKeys = Object.keys(s.data[0] ?? {}).sort().join(',');
      const bKeys = Object.keys(b.data[0] ?? {}).sort().join(',');
      if (sKeys !== bKeys) problems.push(`fields: SDK {${sKeys}} vs baseline {${bKeys}}`);
      for (let i = 0; i < Math.min(s.data.length, b.data.length) && problems.length < 8; i++) {
        for (const k of Object.keys(b.data[i])) {
          if (!sameValue(s.data[i][k], b.data[i][k])) {
            problems.push(`data[${i}].${k}: SDK ${describe(s.data[i][k])} vs baseline ${describe(b.data[i][k])}`);
          }
        }
      }
      return problems;
    } finally {
      restoreFetch();
    }
  },

  /** `n` untimed getAll calls of `which` client from an in-memory Response (the memory workload). */
  async churn({ which, pageSize, n }) {
    installFakeFetch(pageSize);
    const client = which === 'sdk' ? state.sdk : state.base;
    try {
      for (let i = 0; i < n; i++) {
        const r = await client.getAll({ pageSize });
        if (r.data.length !== pageSize) throw new Error(`churn: ${r.data.length} keys`);
      }
    } finally {
      restoreFetch();
    }
  },

  linearMemoryBytes() {
    return state.memory ? state.memory.buffer.byteLength : null;
  },
};
window.benchReady = true;
