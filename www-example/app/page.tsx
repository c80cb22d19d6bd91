'use client';

import type { APIKeyResource, APIKeys } from 'apikeys-wasm';
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { CreateKeyForm, type CreatedKey } from '@/components/CreateKeyForm';
import { KeyList } from '@/components/KeyList';
import { RevokeDialog } from '@/components/RevokeDialog';
import { SecretDialog } from '@/components/SecretDialog';
import { describeError, isAbort } from '@/lib/errors';
import { loadSdk, type SdkModule } from '@/lib/sdk';
import { useDebounced } from '@/lib/useDebounced';

const PAGE_SIZE = 10;
const SEARCH_DEBOUNCE_MS = 500;

type Session = { userId: string };

export default function Home() {
  const [sdk, setSdk] = useState<SdkModule | null>(null);
  const [sdkError, setSdkError] = useState<string | null>(null);
  const [session, setSession] = useState<Session | null>(null);
  const [apiKeys, setApiKeys] = useState<APIKeys | null>(null);
  const [status, setStatus] = useState('');

  // Load the SDK in the browser only (never during prerendering).
  const loadIt = useCallback(() => {
    setSdkError(null);
    loadSdk().then(setSdk, (error: unknown) =>
      setSdkError(`The SDK could not be loaded: ${error instanceof Error ? error.message : String(error)}`),
    );
  }, []);
  useEffect(loadIt, [loadIt]);

  // One APIKeys instance per signed-in user, freed when it is replaced or the page goes away.
  useEffect(() => {
    if (!sdk || !session) return;
    const instance = new sdk.APIKeys({ frontendApi: window.location.origin, userId: session.userId });
    setApiKeys(instance);
    return () => {
      setApiKeys(null);
      instance.free();
    };
  }, [sdk, session]);

  return (
    <main>
      <header className="page-header">
        <h1>API keys</h1>
        <p className="lede">
          Manage a demo user&apos;s API keys with <code>apikeys-wasm</code>, talking to the local devserver.
        </p>
        {session ? (
          <p className="signed-in">
            Signed in as <strong data-testid="signed-in-user">{session.userId}</strong>{' '}
            <button
              type="button"
              className="link"
              onClick={() => {
                setSession(null);
                fetch('/dev/sign_out', { method: 'POST' }).catch(() => {});
              }}
            >
              Sign out
            </button>
          </p>
        ) : null}
      </header>

      <p className="visually-hidden" role="status" aria-live="polite" data-testid="status">
        {status}
      </p>

      {sdkError ? (
        <div className="card error" role="alert">
          <p>{sdkError}</p>
          <button type="button" onClick={loadIt}>
            Try again
          </button>
        </div>
      ) : !sdk ? (
        <p className="card" aria-busy="true">
          Loading the SDK…
        </p>
      ) : !session ? (
        <SignIn onSignedIn={setSession} />
      ) : apiKeys ? (
        <KeyManager sdk={sdk} apiKeys={apiKeys} onStatus={setStatus} onSignedOut={() => setSession(null)} />
      ) : null}
    </main>
  );
}

function SignIn(props: { onSignedIn: (session: Session) => void }) {
  const id = useId();
  const [userId, setUserId] = useState('user_demo');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const user = userId.trim();
    if (!user) {
      setError('Enter a user id.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      // The devserver sets the __session cookie; the page and the API share an origin, so the SDK's
      // requests carry it with no further setup.
      const response = await fetch('/dev/sign_in', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user_id: user }),
      });
      if (!response.ok) throw new Error(`the devserver refused the sign-in (HTTP ${response.status})`);
      const body = (await response.json()) as { user_id?: string };
      props.onSignedIn({ userId: body.user_id ?? user });
    } catch (caught) {
      setError(
        caught instanceof TypeError
          ? 'Could not reach the devserver. Is it running?'
          : `Sign-in failed: ${caught instanceof Error ? caught.message : String(caught)}`,
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card sign-in" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Sign in</h2>
      <p className="hint">
        The devserver stands in for Clerk: signing in as a demo user sets a session cookie, as a real sign-in would.
      </p>
      <div className="field">
        <label htmlFor={`${id}-user`}>Demo user id</label>
        <input
          id={`${id}-user`}
          value={userId}
          onChange={(event) => setUserId(event.target.value)}
          autoComplete="off"
          required
        />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in as demo user'}
        </button>
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

function KeyManager(props: {
  sdk: SdkModule;
  apiKeys: APIKeys;
  onStatus: (text: string) => void;
  onSignedOut: () => void;
}) {
  const { sdk, apiKeys, onStatus, onSignedOut } = props;
  const [searchText, setSearchText] = useState('');
  const query = useDebounced(searchText.trim(), SEARCH_DEBOUNCE_MS);
  const [page, setPage] = useState(1);
  const [reload, setReload] = useState(0);
  // What is on screen: one page of keys and the page number it belongs to, replaced together.
  const [shown, setShown] = useState<{ keys: APIKeyResource[]; total: number; page: number }>({
    keys: [],
    total: 0,
    page: 1,
  });
  const [loading, setLoading] = useState(true);
  const [listError, setListError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [revoking, setRevoking] = useState<APIKeyResource | null>(null);

  const refresh = useCallback(() => setReload((n) => n + 1), []);

  // A new search starts from the first page.
  useEffect(() => setPage(1), [query]);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    apiKeys
      .getAll({ query: query || undefined, pageSize: PAGE_SIZE, initialPage: page, signal: controller.signal })
      .then(
        (result) => {
          if (controller.signal.aborted) return;
          const lastPage = Math.max(1, Math.ceil(result.total_count / PAGE_SIZE));
          if (result.data.length === 0 && page > lastPage) {
            // The current page ran past the end (a revoke emptied it): step back.
            setPage(lastPage);
            return;
          }
          setShown({ keys: result.data, total: result.total_count, page });
          setListError(null);
          setLoading(false);
        },
        (error: unknown) => {
          if (isAbort(error) || controller.signal.aborted) return;
          if (sdk.isClerkAPIResponseError(error) && error.status === 401) onSignedOut();
          setListError(describeError(sdk, error));
          setLoading(false);
        },
      );
    return () => controller.abort();
  }, [sdk, apiKeys, query, page, reload, onSignedOut]);

  async function revoke(key: APIKeyResource, reason: string | null): Promise<string | null> {
    try {
      await apiKeys.revoke({ apiKeyID: key.id, revocationReason: reason });
      setRevoking(null);
      onStatus(`Revoked “${key.name}”.`);
      refresh();
      return null;
    } catch (error) {
      if (sdk.isClerkAPIResponseError(error) && error.status === 404) refresh();
      return describeError(sdk, error);
    }
  }

  return (
    <>
      <CreateKeyForm
        sdk={sdk}
        apiKeys={apiKeys}
        onCreated={(key) => {
          setCreated(key);
          onStatus(`Created “${key.name}”. Copy its secret now.`);
          refresh();
        }}
      />
      <KeyList
        keys={shown.keys}
        total={shown.total}
        page={shown.page}
        pageSize={PAGE_SIZE}
        loading={loading}
        error={listError}
        query={query}
        searchText={searchText}
        onSearchText={setSearchText}
        onPage={setPage}
        onRevoke={setRevoking}
        onRetry={refresh}
      />
      {created ? (
        <SecretDialog
          sdk={sdk}
          apiKeys={apiKeys}
          created={created}
          onUsed={refresh}
          onClose={() => {
            setCreated(null); // the secret is dropped here and never shown again
            onStatus('Secret dialog closed.');
          }}
        />
      ) : null}
      {revoking ? (
        <RevokeDialog apiKey={revoking} onConfirm={(reason) => revoke(revoking, reason)} onClose={() => setRevoking(null)} />
      ) : null}
    </>
  );
}
