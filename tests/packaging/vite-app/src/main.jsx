import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import init, * as sdk from 'apikeys-wasm';
import { runProbe } from '../../shared/probe.js';

function App() {
  useEffect(() => {
    if (typeof init !== 'function') throw new Error('default export missing');
    runProbe(sdk, 'vite');
  }, []);
  return (
    <main>
      <h1>apikeys-wasm in a Vite React app</h1>
      <pre id="result">loading…</pre>
    </main>
  );
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
