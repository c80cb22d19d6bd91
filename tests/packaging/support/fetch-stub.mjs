// The Node tests' stand-in server: for a host no devserver answers on (`clerk.example.com`), or for answers the
// devserver never gives.

/** Runs `run()` with `fetch` answering every request with `status` and `body` as JSON; the real `fetch` after. */
export async function withFetchAnswering(status, body, run) {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async () => new Response(JSON.stringify(body), { status });
  try {
    return await run();
  } finally {
    globalThis.fetch = realFetch;
  }
}
