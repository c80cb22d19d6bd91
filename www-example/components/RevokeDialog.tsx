'use client';

import type { APIKeyResource } from 'apikeys-wasm';
import { useId, useState, type FormEvent } from 'react';
import { Modal } from './Modal';

/** Confirmation before revoking, with an optional reason. `onConfirm` resolves to an error text or null. */
export function RevokeDialog(props: {
  apiKey: APIKeyResource;
  onConfirm: (reason: string | null) => Promise<string | null>;
  onClose: () => void;
}) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const failure = await props.onConfirm(reason.trim() || null);
    setBusy(false);
    if (failure) setError(failure);
  }

  return (
    <Modal labelledBy={`${id}-title`} describedBy={`${id}-text`} onClose={props.onClose}>
      <form onSubmit={submit}>
        <h2 id={`${id}-title`}>Revoke “{props.apiKey.name}”?</h2>
        <p id={`${id}-text`}>
          Anything still using this key will be refused from now on. This cannot be undone.
        </p>
        <div className="field">
          <label htmlFor={`${id}-reason`}>
            Reason <span className="hint">(optional)</span>
          </label>
          <input
            id={`${id}-reason`}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            maxLength={200}
            autoComplete="off"
            placeholder="e.g. rotated, leaked"
          />
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={props.onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={busy}>
            {busy ? 'Revoking…' : 'Revoke key'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
