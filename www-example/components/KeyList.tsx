'use client';

import type { APIKeyResource } from 'apikeys-wasm';
import { useId } from 'react';
import { formatDate } from '@/lib/format';

export function KeyList(props: {
  keys: APIKeyResource[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  error: string | null;
  query: string;
  searchText: string;
  onSearchText: (text: string) => void;
  onPage: (page: number) => void;
  onRevoke: (key: APIKeyResource) => void;
  onRetry: () => void;
}) {
  const id = useId();
  const pageCount = Math.max(1, Math.ceil(props.total / props.pageSize));
  const first = props.total === 0 ? 0 : (props.page - 1) * props.pageSize + 1;
  const last = Math.min(props.total, (props.page - 1) * props.pageSize + props.keys.length);

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="list-header">
        <h2 id={`${id}-title`}>Your keys</h2>
        <div className="field search">
          <label htmlFor={`${id}-search`}>Search by name</label>
          <input
            id={`${id}-search`}
            type="search"
            value={props.searchText}
            onChange={(event) => props.onSearchText(event.target.value)}
            placeholder="Type to filter"
            autoComplete="off"
          />
        </div>
      </div>

      {props.error ? (
        <div className="error" role="alert">
          <p>{props.error}</p>
          <button type="button" onClick={props.onRetry}>
            Try again
          </button>
        </div>
      ) : null}

      <div aria-busy={props.loading} data-testid="key-list">
        {props.keys.length === 0 && !props.error ? (
          <p className="empty">
            {props.loading
              ? 'Loading keys…'
              : props.query
                ? `No keys match “${props.query}”.`
                : 'No API keys yet. Create one to get started.'}
          </p>
        ) : null}

        {props.keys.length > 0 ? (
          <table className={props.loading ? 'keys loading' : 'keys'}>
            <caption className="visually-hidden">
              API keys{props.query ? ` matching “${props.query}”` : ''}, page {props.page} of {pageCount}
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.keys.map((key) => (
                <tr key={key.id} data-key-id={key.id} data-key-name={key.name}>
                  <th scope="row">
                    <span className="key-name">{key.name}</span>
                    {key.expired ? <span className="badge">expired</span> : null}
                    {key.description ? <span className="key-description">{key.description}</span> : null}
                    <code className="key-id">{key.id}</code>
                  </th>
                  <td>
                    <time dateTime={key.createdAt.toISOString()}>{formatDate(key.createdAt)}</time>
                  </td>
                  <td>
                    {key.expiration ? (
                      <time dateTime={key.expiration.toISOString()}>{formatDate(key.expiration)}</time>
                    ) : (
                      'Never'
                    )}
                  </td>
                  <td data-testid="last-used">
                    {key.lastUsedAt ? (
                      <time dateTime={key.lastUsedAt.toISOString()}>{formatDate(key.lastUsedAt)}</time>
                    ) : (
                      'Never'
                    )}
                  </td>
                  <td className="row-actions">
                    <button type="button" className="danger small" onClick={() => props.onRevoke(key)}>
                      Revoke<span className="visually-hidden"> {key.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>

      {props.total > 0 ? (
        <nav className="pagination" aria-label="Pages of keys">
          <button type="button" onClick={() => props.onPage(props.page - 1)} disabled={props.page <= 1 || props.loading}>
            Previous
          </button>
          <span data-testid="page-info">
            {first}–{last} of {props.total} · page {props.page} of {pageCount}
          </span>
          <button
            type="button"
            onClick={() => props.onPage(props.page + 1)}
            disabled={props.page >= pageCount || props.loading}
          >
            Next
          </button>
        </nav>
      ) : null}
    </section>
  );
}
