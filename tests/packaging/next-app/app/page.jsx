'use client';

import { useEffect } from 'react';
import { runProbe } from '../../shared/probe.js';

export default function Page() {
  useEffect(() => {
    // Imported inside the effect: the module never loads during prerendering on the server.
    import('apikeys-wasm').then((sdk) => runProbe(sdk, process.env.NEXT_PUBLIC_CONSUMER || 'next'));
  }, []);
  return (
    <main>
      <h1>apikeys-wasm in a Next.js App Router page</h1>
      <pre id="result">loading…</pre>
    </main>
  );
}
