// The whole request in one call from the wasm: one import instead of a dozen web-sys shims. The global fetch
// works in windows and workers. Policy (retries, decoding, errors) stays in Rust; this only moves bytes.
// Resolves to { status, statusText, retryAfter, traceId, body: Uint8Array } for any status. Rejects with null
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
  return fetch(url, { method, mode: 'cors', credentials, headers, body, signal }).then((r) => {
    if (!(r instanceof Response)) throw new TypeError('fetch did not return a Response');
    const h = r.headers;
    return r.arrayBuffer().then((buf) => ({
      status: r.status,
      statusText: r.statusText,
      retryAfter: h.get('retry-after'),
      traceId: h.get('x-clerk-trace-id'),
      body: new Uint8Array(buf),
    }));
  }).then(undefined, failed);
}
