// The check every consumer page runs once it has imported the package through its own bundler.
// It writes one marker into the DOM: <pre id="result" data-status="ok|error">JSON</pre>.
// The devserver's address comes from the page URL (?api=http://127.0.0.1:PORT), so one build
// serves any port. Requests are cross-origin with credentials, as a real app on another origin would make.

/** Whether the wasm's linear memory holds `text` (as UTF-8) anywhere. Also used by secrets.test.mjs in Node. */
export function inMemory(exports, text) {
  const memory = new Uint8Array(exports.memory.buffer);
  const needle = new TextEncoder().encode(text);
  for (let at = memory.indexOf(needle[0]); at >= 0; at = memory.indexOf(needle[0], at + 1)) {
    if (needle.every((byte, i) => memory[at + i] === byte)) return true;
  }
  return false;
}

function show(status, payload) {
  const out = document.getElementById('result');
  out.textContent = JSON.stringify(payload);
  out.dataset.status = status;
}

export async function runProbe(sdk, consumer) {
  try {
    const api = new URLSearchParams(window.location.search).get('api');
    if (!api) throw new Error('the page URL needs ?api=<devserver origin>');

    // A failed init() is forgotten, so the next call tries again. The failure is the one a page can really
    // meet: a Content-Security-Policy that refuses to compile wasm.
    let retryAfterFailure = false;
    const { compile, Module } = WebAssembly;
    WebAssembly.compile = () => Promise.reject(new WebAssembly.CompileError('refused by policy'));
    WebAssembly.Module = function refused() {
      throw new WebAssembly.CompileError('refused by policy');
    };
    try {
      await sdk.default();
    } catch {
      retryAfterFailure = true;
    } finally {
      Object.assign(WebAssembly, { compile, Module });
    }
    // Two concurrent init() calls (React StrictMode does this) must share one instantiation. They run as in
    // Chrome before 114 (and WebViews built on it), which refuses a synchronous compile over 4 KB on the main
    // thread: init() must compile asynchronously instead.
    let syncCompilesRefused = 0;
    const limited = function limited(bytes) {
      if (bytes.byteLength > 4096) {
        syncCompilesRefused += 1;
        throw new RangeError('WebAssembly.Compile is disallowed on the main thread, if the buffer size is larger than 4KB.');
      }
      return new Module(bytes);
    };
    limited.prototype = Module.prototype; // compiled modules are still `instanceof WebAssembly.Module`
    WebAssembly.Module = limited;
    let first;
    let second;
    try {
      [first, second] = await Promise.all([sdk.default(), sdk.default()]);
    } finally {
      WebAssembly.Module = Module;
    }
    if (first !== second) throw new Error('init() instantiated the module twice');
    if (sdk.initSync() !== first) throw new Error('initSync() after init() did not return the same exports');

    const userId = `user_pkg_${consumer}`;

    const signIn = await fetch(`${api}/dev/sign_in`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: userId }),
    });
    if (!signIn.ok) throw new Error(`sign-in failed: HTTP ${signIn.status}`);

    const apiKeys = new sdk.APIKeys({ frontendApi: api, userId });
    const name = `pkg-${consumer}-${Date.now()}`;
    const created = await apiKeys.create({ name, description: 'packaging check' });
    // The secret is in the result and nowhere else: the blocks of the wasm's memory that held the response and
    // the result are zeroed once the call is done (src/tiny_alloc.rs).
    const secretLeftInMemory = inMemory(first, created.secret);

    let duplicate = null;
    try {
      await apiKeys.create({ name });
    } catch (error) {
      duplicate = {
        status: error.status,
        instanceOf: error instanceof sdk.ClerkAPIResponseError && error instanceof Error,
        guard: sdk.isClerkAPIResponseError(error),
      };
    }

    const page = await apiKeys.getAll({ query: name, pageSize: 5 });
    const listed = page.data.find((key) => key.id === created.id);

    // The SDK reads bodies with Response.bytes() where the browser has it; the same call without it (older
    // engines) takes the arrayBuffer() path.
    const bytes = Object.getOwnPropertyDescriptor(Response.prototype, 'bytes');
    delete Response.prototype.bytes;
    let withoutBytes;
    try {
      withoutBytes = await apiKeys.getAll({ query: name, pageSize: 5 });
    } finally {
      if (bytes) Object.defineProperty(Response.prototype, 'bytes', bytes);
    }
    show('ok', {
      consumer,
      secretLeftInMemory,
      secretLeftAfterMore: inMemory(first, created.secret),
      retryAfterFailure,
      syncCompilesRefused,
      name,
      createdId: created.id,
      secretOnCreate: typeof created.secret === 'string' && created.secret.length > 0,
      total_count: page.total_count,
      listedName: listed ? listed.name : null,
      listedHasSecret: listed ? 'secret' in listed : null,
      createdAtIsDate: listed ? listed.createdAt instanceof Date : null,
      idsWithoutBytes: withoutBytes.data.map((key) => key.id),
      duplicate,
    });
  } catch (error) {
    show('error', {
      consumer,
      name: error && error.name,
      message: String((error && error.message) || error),
    });
  }
}
