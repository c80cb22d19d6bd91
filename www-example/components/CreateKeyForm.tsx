'use client';

import type { APIKeyResource, APIKeys } from 'apikeys-wasm';
import { useId, useState, type FormEvent } from 'react';
import { describeError } from '@/lib/errors';
import { EXPIRATION_PRESETS } from '@/lib/format';
import type { SdkModule } from '@/lib/sdk';

export type CreatedKey = APIKeyResource & { secret: string };

export function CreateKeyForm(props: {
  sdk: SdkModule;
  apiKeys: APIKeys;
  onCreated: (key: CreatedKey) => void;
}) {
  const id = useId();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [expiration, setExpiration] = useState('0');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError('Give the key a name.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const preset = EXPIRATION_PRESETS[Number(expiration)] ?? EXPIRATION_PRESETS[0]!;
      const key = await props.apiKeys.create({
        name: trimmed,
        description: description.trim() || undefined,
        secondsUntilExpiration: preset.seconds,
      });
      if (typeof key.secret !== 'string') throw new Error('the server returned no secret for the new key');
      setName('');
      setDescription('');
      setExpiration('0');
      props.onCreated(key as CreatedKey);
    } catch (caught) {
      setError(describeError(props.sdk, caught, { name: trimmed }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card create-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>Create a key</h2>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          name="name"
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            setError(null);
          }}
          required
          maxLength={200}
          autoComplete="off"
          placeholder="ci-deploy"
          aria-invalid={error !== null && !name.trim()}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>
          Description <span className="hint">(optional)</span>
        </label>
        <input
          id={`${id}-description`}
          name="description"
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          maxLength={500}
          autoComplete="off"
          placeholder="What uses this key?"
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-expiration`}>Expires</label>
        <select
          id={`${id}-expiration`}
          name="expiration"
          value={expiration}
          onChange={(event) => setExpiration(event.target.value)}
        >
          {EXPIRATION_PRESETS.map((preset, index) => (
            <option key={preset.label} value={String(index)}>
              {preset.seconds === null ? 'Never' : `In ${preset.label}`}
            </option>
          ))}
        </select>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create key'}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
