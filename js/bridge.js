// The JavaScript half of the wasm boundary, in one module: each snippet module is one more request when the
// glue loads unbundled (wasm-bindgen-test-runner's page, or a plain <script type="module">). The runner's server
// answers 4 connections at a time while a browser opens up to 6 for a page's parallel imports; with five snippet
// modules, the two left over sometimes waited for a keep-alive connection to close and the test page hung.
// Sections: results as plain objects (convert), error classes (errors), the request (fetch), input checks
// (input), waits an abort cuts short (abortable), the executor of the wasm's calls (task).

// ---- convert ----
// Turns the JSON text the wasm writes (one string per result, one crossing) into plain objects with real Dates.
// Each key arrives as an array of its values in field order (src/wire.rs FIELDS), which JSON.parse reads faster
// than objects; one object literal per key then names them. The nullable timestamps stay null; as in clerk-js, a
// createdAt/updatedAt of 0 is "now". A `secret` comes as a 16th value, in the create result only.
const date = (ms) => (ms === null ? null : new Date(ms));

function toKey(v) {
  const k = {
    id: v[0],
    type: v[1],
    name: v[2],
    subject: v[3],
    scopes: v[4],
    claims: v[5],
    revoked: v[6],
    revocationReason: v[7],
    expired: v[8],
    expiration: date(v[9]),
    createdBy: v[10],
    description: v[11],
    lastUsedAt: date(v[12]),
    createdAt: new Date(v[13] || Date.now()),
    updatedAt: new Date(v[14] || Date.now()),
  };
  if (v.length > 15) k.secret = v[15];
  return k;
}

export function apiKeyFromJson(text) {
  return toKey(JSON.parse(text));
}

export function pageFromJson(text) {
  const page = JSON.parse(text);
  page.data = page.data.map(toKey);
  return page;
}

// ---- errors ----
// The SDK's error classes: real Error subclasses (so `instanceof` and stack traces work), shaped like clerk-js'
// ClerkAPIResponseError / ClerkRuntimeError. The wasm constructs them through the factories below and the
// generated module re-exports the classes and guards.

// The meta keys clerk-js keeps (spec 4.1), as the server names them; the error names them camelCased.
const META_KEYS = ['param_name', 'session_id', 'email_addresses', 'identifiers', 'zxcvbn', 'plan',
  'is_plan_upgrade_possible', 'seats_quantity_to_add', 'seats_quantity'];

// clerk-js' parseError: one of the server's `errors` entries (snake_case) as the error carries it. `longMessage`
// only when the entry has one; `meta` always, with the keys above that the entry's meta holds, values as sent.
function parseError(e) {
  const out = { code: e.code, message: e.message };
  if (e.long_message !== undefined) out.longMessage = e.long_message;
  const meta = {};
  for (const key of META_KEYS) {
    const value = e.meta?.[key];
    if (value !== undefined) meta[key.replace(/_(.)/g, (_, c) => c.toUpperCase())] = value;
  }
  out.meta = meta;
  return out;
}

// Options as clerk-js takes them, `data` being the server's entries; or `errors`, entries already in this shape.
export class ClerkAPIResponseError extends Error {
  constructor(message, { data, status, errors = data ? data.map(parseError) : [], clerkTraceId, retryAfter } = {}) {
    super(message);
    this.name = 'ClerkAPIResponseError';
    this.code = 'api_response_error';
    this.clerkError = true;
    this.status = status;
    this.errors = errors;
    if (clerkTraceId !== undefined) this.clerkTraceId = clerkTraceId;
    if (retryAfter !== undefined) this.retryAfter = retryAfter;
  }
}

// Worded as clerk-js words it (spec 3.1): "Clerk: <message>", then `(code="<code>")` on a line of its own.
export class ClerkRuntimeError extends Error {
  constructor(message, { code } = {}) {
    super(`Clerk: ${String(message).replace(/^Clerk:\s*/, '')}\n\n(code="${code}")`);
    this.name = 'ClerkRuntimeError';
    this.code = code;
    this.clerkError = true;
    this.clerkRuntimeError = true;
  }
}

export function isClerkAPIResponseError(err) {
  return err instanceof ClerkAPIResponseError;
}

export function isClerkRuntimeError(err) {
  return err instanceof ClerkRuntimeError;
}

// `productionBase`: the base URL of a client made with a `pk_live_` key, else ''. When the server refuses the
// page's origin (first code `origin_invalid`), clerk-js words the message to name the key's domain: its host
// without `clerk.` (spec 4.2).
export function apiError(message, status, errorsJson, clerkTraceId, retryAfter, productionBase) {
  const data = JSON.parse(errorsJson);
  if (productionBase && data[0]?.code === 'origin_invalid') {
    const domain = productionBase.slice(productionBase.indexOf('//') + 2).replace('clerk.', '');
    message = `Clerk: Production Keys are only allowed for domain "${domain}". \nAPI Error: ${message}`;
  }
  return new ClerkAPIResponseError(message, {
    status,
    data,
    clerkTraceId,
    retryAfter,
  });
}

export function runtimeError(message, code) {
  return new ClerkRuntimeError(message, { code });
}

export function abortError() {
  return new DOMException('The operation was aborted.', 'AbortError');
}

// ---- fetch ----
// The whole request in one call from the wasm: one import instead of a dozen web-sys shims. The global fetch
// works in windows and workers. Policy (retries, decoding, errors) stays in Rust; this only moves bytes.
// Resolves to { status, statusText, retryAfter, traceId, size, body: Uint8Array } for any status (`size` is the
// body's length: the wasm reads it first, and the body only when it is not too large). Rejects with null
// for an abort, else with the failure's message (a string: '' when it has none).
export function send(method, url, token, body, credentials, signal) {
  if (signal && signal.aborted) return Promise.reject(null);
  const headers = new Headers();
  if (token !== undefined) {
    try {
      headers.set('Authorization', 'Bearer ' + token);
    } catch {
      // `set` throws only for characters outside Latin-1: such a token cannot be sent at all.
      return Promise.reject('the session token is not a valid header value');
    }
  }
  if (body !== undefined) headers.set('Content-Type', 'application/json');
  const failed = (e) => {
    throw (signal && signal.aborted) || (e && e.name === 'AbortError')
      ? null
      : String((e && e.message) || '');
  };
  // Called from a microtask, not from inside the wasm's poll: with wasm frames on the stack, `fetch()` took
  // ~0.07 ms longer to return and the request ~0.06 ms longer to start, per call, in the bench's Chromium
  // (Resource Timing, 200 calls; plain JS calling it the same way did not pay it) (issue 5: end-to-end).
  const start = () => fetch(url, { method, mode: 'cors', credentials, headers, body, signal });
  return Promise.resolve().then(start).then((r) => {
    if (!(r instanceof Response)) throw new TypeError('fetch did not return a Response');
    const h = r.headers;
    // `bytes()` (Chrome 132, Firefox 128, Safari 18) skips the ArrayBuffer step: about 0.2 ms less for a
    // 500-key page (issue 5: decode).
    const body = typeof r.bytes === 'function' ? r.bytes() : r.arrayBuffer().then((buf) => new Uint8Array(buf));
    return body.then((bytes) => ({
      status: r.status,
      statusText: r.statusText,
      retryAfter: h.get('retry-after'),
      traceId: h.get('x-clerk-trace-id'),
      size: bytes.length,
      body: bytes,
    }));
  }).then(undefined, failed);
}

// ---- input ----
// Lone surrogates cannot be encoded as UTF-8: strings holding them are refused instead of silently mangled.
// The length lets the wasm refuse a huge string before it is copied in. isWellFormed is ES2024; the regex
// covers older engines.
export function wellFormedLength(s) {
  const ok = typeof s.isWellFormed === 'function'
    ? s.isWellFormed()
    : !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
  return ok ? s.length : -1;
}

// `location.origin` of the page or worker, for a relative proxyUrl; undefined where there is none.
export function pageOrigin() {
  const l = globalThis.location;
  return l !== null && typeof l === 'object' && typeof l.origin === 'string' ? l.origin : undefined;
}

// An own key of obj other than `key` that equals it ignoring ASCII case (`apiKeyId` for `apiKeyID`), so the error
// can name the look-alike the caller used; undefined when there is none or the keys cannot be listed (a proxy's
// ownKeys trap may throw).
export function nearMiss(obj, key) {
  const lower = (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  try {
    return Object.keys(obj).find((k) => k !== key && lower(k) === lower(key));
  } catch {
    return undefined;
  }
}

// ---- abortable ----
// What `getToken()` returned (a token or a promise of one) as a promise an abort rejects early: a session refresh
// that hangs must not hold an aborted call. Never throws (an exception here would unwind through the wasm).
export function settle(value, signal) {
  try {
    const token = Promise.resolve(value);
    if (!signal) return token;
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      token.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  } catch (e) {
    return Promise.reject(e);
  }
}

// A setTimeout promise for the retry backoff. The global setTimeout works in windows and workers; an abort
// clears the timer and rejects, so cancelling a call also cuts a pending retry wait short.
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(id);
      reject(signal.reason);
    };
    const id = setTimeout(() => {
      if (signal) signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
  });
}

// ---- task ----
// The executor of the wasm's calls (src/js/task.rs). `run` polls a task in a microtask (the SDK's method has
// returned by then), and then each time the promise it waits on settles, with that outcome left in `outcome` for
// the task to read back through `settled`. Polls never overlap: each runs to its end synchronously, so the two
// module variables only carry a value from a poll to the line after it, or from here into the next poll.
let parked;
let outcome;

export function park(promise) {
  parked = promise;
}

export function settled() {
  const { ok, value } = outcome;
  outcome = undefined;
  if (ok) return value;
  throw value;
}

export function run(task) {
  return new Promise((resolve, reject) => {
    const step = (settledAs) => {
      outcome = settledAs;
      let value;
      try {
        value = task.poll();
      } catch (error) {
        task.free();
        return reject(error);
      }
      if (value !== undefined) {
        task.free();
        return resolve(value);
      }
      const promise = parked;
      parked = undefined;
      promise.then(
        (v) => step({ ok: true, value: v }),
        (e) => step({ ok: false, value: e }),
      );
    };
    queueMicrotask(() => step(undefined));
  });
}
