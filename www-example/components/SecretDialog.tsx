'use client';

import type { APIKeys } from 'apikeys-wasm';
import { useId, useRef, useState } from 'react';
import { describeError } from '@/lib/errors';
import { formatDate } from '@/lib/format';
import type { SdkModule } from '@/lib/sdk';
import type { CreatedKey } from './CreateKeyForm';
import { Modal } from './Modal';

type TryState =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'done'; subject: string; lastUsedAt: Date | null }
  | { state: 'error'; message: string };

/**
 * Shows a new key's secret, the only time it is ever available. Closing the dialog drops it.
 * "Try this key" calls the devserver's /demo/whoami with the secret, then reads the key back to show
 * that its lastUsedAt changed.
 */
export function SecretDialog(props: {
  sdk: SdkModule;
  apiKeys: APIKeys;
  created: CreatedKey;
  onUsed: () => void;
  onClose: () => void;
}) {
  const id = useId();
  const secretRef = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<string | null>(null);
  const [tried, setTried] = useState<TryState>({ state: 'idle' });
  const { created } = props;

  async function copySecret() {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopy('Copied to the clipboard.');
    } catch {
      secretRef.current?.select();
      setCopy('Could not copy automatically: the secret is selected, press Ctrl+C (⌘C) to copy it.');
    }
  }

  async function tryKey() {
    setTried({ state: 'busy' });
    try {
      const response = await fetch('/demo/whoami', {
        headers: { Authorization: `Bearer ${created.secret}` },
        cache: 'no-store',
      });
      if (!response.ok) throw new Error(`the key was refused (HTTP ${response.status})`);
      const who = (await response.json()) as { subject?: string };
      const page = await props.apiKeys.getAll({ query: created.name, pageSize: 20 });
      const fresh = page.data.find((key) => key.id === created.id);
      setTried({ state: 'done', subject: who.subject ?? '?', lastUsedAt: fresh?.lastUsedAt ?? null });
      props.onUsed();
    } catch (caught) {
      setTried({ state: 'error', message: describeError(props.sdk, caught) });
    }
  }

  return (
    <Modal labelledBy={`${id}-title`} describedBy={`${id}-warning`} onClose={props.onClose} className="secret-dialog">
      <h2 id={`${id}-title`}>Key “{created.name}” created</h2>
      <p id={`${id}-warning`} className="warning" role="note">
        <strong>Copy this secret now.</strong> It is shown only this once: it is not stored in a readable form and
        cannot be shown again. If you lose it, revoke the key and create a new one.
      </p>
      <label htmlFor={`${id}-secret`}>Secret</label>
      <div className="secret-row">
        <input
          id={`${id}-secret`}
          ref={secretRef}
          className="secret"
          readOnly
          value={created.secret}
          onFocus={(event) => event.currentTarget.select()}
          data-testid="secret"
        />
        <button type="button" onClick={copySecret}>
          Copy
        </button>
      </div>
      <p className="status" role="status" aria-live="polite">
        {copy}
      </p>

      <section className="try" aria-labelledby={`${id}-try`}>
        <h3 id={`${id}-try`}>Try it</h3>
        <p className="hint">
          Calls <code>GET /demo/whoami</code> with <code>Authorization: Bearer &lt;secret&gt;</code>, as a script of
          yours would.
        </p>
        <button type="button" onClick={tryKey} disabled={tried.state === 'busy'}>
          {tried.state === 'busy' ? 'Calling…' : 'Try this key'}
        </button>
        <div role="status" aria-live="polite" className="try-result">
          {tried.state === 'done' && (
            <p data-testid="try-result">
              Accepted: the server saw <strong>{tried.subject}</strong>. Last used was{' '}
              <strong>{formatDate(created.lastUsedAt)}</strong>, now{' '}
              <time dateTime={tried.lastUsedAt?.toISOString()} data-testid="try-last-used">
                <strong>{formatDate(tried.lastUsedAt)}</strong>
              </time>
              .
            </p>
          )}
          {tried.state === 'error' && (
            <p className="error" role="alert">
              {tried.message}
            </p>
          )}
        </div>
      </section>

      <div className="actions">
        <button type="button" className="primary" onClick={props.onClose}>
          I have copied it, close
        </button>
      </div>
    </Modal>
  );
}
