//! The TypeScript declarations of the package's types. The classes and guards come from `js/bridge.js`
//! (re-exported, so wasm-bindgen cannot type them) and the option/param/result shapes are plain objects, so both
//! are declared here by hand; the methods refer to them through `unchecked_*_type`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** An API key as `getAll`, `create` and `revoke` return it: a plain object. */
export interface APIKeyResource {
  id: string;
  type: string;
  name: string;
  subject: string;
  scopes: string[];
  claims: Record<string, unknown> | null;
  revoked: boolean;
  revocationReason: string | null;
  expired: boolean;
  expiration: Date | null;
  createdBy: string | null;
  description: string | null;
  lastUsedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** Only on the result of `create()`; it cannot be fetched again. */
  secret?: string;
}

/** Clerk's page envelope; `total_count` counts every match, not just this page. */
export interface ClerkPaginatedResponse<T> {
  data: T[];
  total_count: number;
}

export interface GetAPIKeysParams {
  /** Defaults to the active organization, else the user; an explicit `''` is sent as is. */
  subject?: string;
  /** Name search. */
  query?: string;
  /** 1..=500, default 10. */
  pageSize?: number;
  /** From 1, default 1. */
  initialPage?: number;
  signal?: AbortSignal;
}

export interface CreateAPIKeyParams {
  name: string;
  subject?: string;
  description?: string | null;
  /** `null` or left out: the key never expires. */
  secondsUntilExpiration?: number | null;
  signal?: AbortSignal;
}

export interface RevokeAPIKeyParams {
  apiKeyID: string;
  revocationReason?: string | null;
  signal?: AbortSignal;
}

export interface APIKeysOptions {
  /** The Frontend API: a URL, or a bare host meaning https. */
  frontendApi?: string;
  /** A proxy in front of the Frontend API: absolute, or a path such as `/__clerk` on the page's origin. */
  proxyUrl?: string;
  /** `pk_test_…` / `pk_live_…`; the Frontend API host is encoded in it. */
  publishableKey?: string;
  /** Default `'include'`: the session cookie goes along. */
  credentials?: RequestCredentials;
  /** When given, every request carries `Authorization: Bearer <token>`; no token rejects with `no_session_token`. */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  userId?: string | null | (() => string | null | undefined);
  organizationId?: string | null | (() => string | null | undefined);
  /**
   * GET retries on network errors and 429/502/503/504; default 3, at most 10. POST is never retried. The waits
   * double from 100 ms (jittered, at most 5 s, at least the answer's `Retry-After`); a `Retry-After` over 5 s
   * ends the retries at once.
   */
  maxRetries?: number;
}

export interface ClerkAPIError {
  code: string;
  message: string;
  longMessage?: string;
  /**
   * The keys of the server's meta that clerk-js keeps (`param_name` as `paramName`, …), values as sent; any other
   * key is dropped. Always set on errors the SDK throws (`{}` when the server sent none).
   */
  meta?: ClerkAPIErrorMeta;
}

export type ClerkAPIErrorMeta = {
  paramName?: string;
  sessionId?: string;
  emailAddresses?: string[];
  identifiers?: string[];
  zxcvbn?: { suggestions: { code: string; message: string }[] };
  plan?: Record<string, unknown>;
  isPlanUpgradePossible?: boolean;
  seatsQuantityToAdd?: number;
  seatsQuantity?: number;
};

/** One entry of the server's `errors`, as sent (what clerk-js' `ClerkAPIResponseError` takes as `data`). */
export interface ClerkAPIErrorJSON {
  code: string;
  message: string;
  long_message?: string;
  meta?: Record<string, unknown>;
}

/** The server answered with a status >= 400. */
export class ClerkAPIResponseError extends Error {
  /**
   * As clerk-js takes it: `data`, the server's entries, become `errors` the way clerk-js maps them (`long_message`
   * as `longMessage`, the meta keys it keeps camelCased); or pass `errors` in that shape already.
   */
  constructor(
    message: string,
    options: {
      status: number;
      data?: ClerkAPIErrorJSON[];
      errors?: ClerkAPIError[];
      clerkTraceId?: string;
      retryAfter?: number;
    },
  );
  readonly name: 'ClerkAPIResponseError';
  readonly code: 'api_response_error';
  readonly clerkError: true;
  status: number;
  errors: ClerkAPIError[];
  /** From the body's `clerk_trace_id`, else the `X-Clerk-Trace-Id` header. */
  clerkTraceId?: string;
  /** Seconds, from `Retry-After`; set only on a 429 (as clerk-js). */
  retryAfter?: number;
}

export type ClerkRuntimeErrorCode = 'invalid_argument' | 'network_error' | 'invalid_response' | 'no_session_token';

/**
 * A failure that is not the server's verdict: bad input, network, an unreadable response, no session token.
 * `message` reads as clerk-js words it: `Clerk: <text>`, a blank line, then `(code="<code>")`.
 */
export class ClerkRuntimeError extends Error {
  constructor(message: string, options: { code: ClerkRuntimeErrorCode });
  readonly name: 'ClerkRuntimeError';
  code: ClerkRuntimeErrorCode;
  readonly clerkError: true;
  /** What clerk-js' own `isClerkRuntimeError` looks for. */
  readonly clerkRuntimeError: true;
}

export function isClerkAPIResponseError(err: unknown): err is ClerkAPIResponseError;
export function isClerkRuntimeError(err: unknown): err is ClerkRuntimeError;
"#;
