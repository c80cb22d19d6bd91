// Compiled with `tsc --strict --noEmit` against the installed tarball (never run). Every method,
// option, params field, result field and error field is used with its exact type, and each misuse
// below carries `@ts-expect-error`, which itself fails to compile if the types ever become `any`.
import init, {
  APIKeys,
  ClerkAPIResponseError,
  ClerkRuntimeError,
  initSync,
  isClerkAPIResponseError,
  isClerkRuntimeError,
} from 'apikeys-wasm';
import type {
  APIKeyResource,
  APIKeysOptions,
  ClerkAPIErrorJSON,
  ClerkPaginatedResponse,
  CreateAPIKeyParams,
  GetAPIKeysParams,
  InitOutput,
  RevokeAPIKeyParams,
} from 'apikeys-wasm';

// ---- compile-time helpers -------------------------------------------------------------------
type IsAny<T> = 0 extends 1 & T ? true : false;
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | void {}
declare function expectNotAny<T>(value: IsAny<T> extends true ? never : T): void;

// ---- init -----------------------------------------------------------------------------------
async function initialise(): Promise<void> {
  const out: InitOutput = await init();
  const again: InitOutput = initSync();
  expectNotAny(out);
  expectNotAny(again);
  // The package's wasm, compiled or as bytes, may stand in for the copy inside index.js. (No negative case:
  // lib.dom's `WebAssembly.Module` is an empty interface, so any object type-checks as one.)
  const compiled: Promise<WebAssembly.Module> = WebAssembly.compile(new Uint8Array(0));
  expectNotAny(await init(compiled));
  expectNotAny(await init(new Uint8Array(0)));
  expectNotAny(initSync(new WebAssembly.Module(new Uint8Array(0))));
  // And wasm-bindgen's forms: `{ module_or_path }`, a URL, path, Request or Response; `{ module }`.
  expectNotAny(await init({ module_or_path: new URL('https://cdn.example.com/apikeys_wasm_bg.wasm') }));
  expectNotAny(await init('/apikeys_wasm_bg.wasm'));
  expectNotAny(await init(fetch('/apikeys_wasm_bg.wasm')));
  expectNotAny(initSync({ module: new Uint8Array(0) }));
}

// ---- options --------------------------------------------------------------------------------
const everyOption: APIKeysOptions = {
  frontendApi: 'https://clerk.example.com',
  proxyUrl: '/__clerk',
  publishableKey: 'pk_test_Y2xlcmsuZXhhbXBsZS5jb20k',
  credentials: 'include',
  getToken: async () => 'sess_token',
  userId: 'user_1',
  organizationId: () => null,
  maxRetries: 2,
};
const syncToken: APIKeysOptions = { frontendApi: 'clerk.example.com', getToken: () => null, userId: () => undefined, organizationId: 'org_1', credentials: 'omit' };
const apiKeys = new APIKeys(everyOption);
new APIKeys(syncToken);
new APIKeys({ publishableKey: 'pk_live_Y2xlcmsuZXhhbXBsZS5jb20k', userId: null });
// @ts-expect-error credentials is a RequestCredentials, not any string
new APIKeys({ frontendApi: 'https://clerk.example.com', credentials: 'always' });
// @ts-expect-error maxRetries is a number
new APIKeys({ frontendApi: 'https://clerk.example.com', maxRetries: '3' });
// @ts-expect-error getToken returns a token, not a number
new APIKeys({ frontendApi: 'https://clerk.example.com', getToken: () => 42 });

// ---- getAll ---------------------------------------------------------------------------------
async function list(signal: AbortSignal): Promise<void> {
  const everyParam: GetAPIKeysParams = { subject: 'user_1', query: 'ci', pageSize: 20, initialPage: 2, signal };
  const page: ClerkPaginatedResponse<APIKeyResource> = await apiKeys.getAll(everyParam);
  await apiKeys.getAll();
  await apiKeys.getAll({});
  const total: number = page.total_count;
  const first: APIKeyResource | undefined = page.data[0];
  assertType<Equal<typeof page.data, APIKeyResource[]>>();
  expectNotAny(page);
  expectNotAny(total);
  if (first) readKey(first);
  // @ts-expect-error pageSize is a number
  await apiKeys.getAll({ pageSize: '20' });
  // @ts-expect-error the field is total_count, as in Clerk's ClerkPaginatedResponse
  page.totalCount;
}

function readKey(key: APIKeyResource): void {
  const id: string = key.id;
  const type: string = key.type;
  const name: string = key.name;
  const subject: string = key.subject;
  const scopes: string[] = key.scopes;
  const claims: Record<string, unknown> | null = key.claims;
  const revoked: boolean = key.revoked;
  const revocationReason: string | null = key.revocationReason;
  const expired: boolean = key.expired;
  const expiration: Date | null = key.expiration;
  const createdBy: string | null = key.createdBy;
  const description: string | null = key.description;
  const lastUsedAt: Date | null = key.lastUsedAt;
  const createdAt: Date = key.createdAt;
  const updatedAt: Date = key.updatedAt;
  const secret: string | undefined = key.secret;
  assertType<Equal<APIKeyResource['createdAt'], Date>>();
  assertType<Equal<APIKeyResource['updatedAt'], Date>>();
  assertType<Equal<APIKeyResource['lastUsedAt'], Date | null>>();
  assertType<Equal<APIKeyResource['expiration'], Date | null>>();
  expectNotAny(key.createdAt);
  console.log(id, type, name, subject, scopes, claims, revoked, revocationReason, expired, expiration,
    createdBy, description, lastUsedAt, createdAt.getTime(), updatedAt.toISOString(), secret);
  // @ts-expect-error createdAt is a Date, not a number of milliseconds
  const millis: number = key.createdAt;
  // @ts-expect-error lastUsedAt may be null
  key.lastUsedAt.getTime();
  // @ts-expect-error the fields are camelCase
  key.created_at;
  void millis;
}

// ---- create ---------------------------------------------------------------------------------
async function create(signal: AbortSignal): Promise<string> {
  const everyParam: CreateAPIKeyParams = {
    name: 'ci-deploy',
    subject: 'org_1',
    description: 'GitHub Actions',
    secondsUntilExpiration: 86_400,
    signal,
  };
  const key = await apiKeys.create(everyParam);
  await apiKeys.create({ name: 'never-expires', description: null, secondsUntilExpiration: null });
  const secret: string = key.secret; // present on the create() result
  const asResource: APIKeyResource = key;
  readKey(asResource);
  // @ts-expect-error name is required
  await apiKeys.create({ description: 'no name' });
  // @ts-expect-error name is a string
  await apiKeys.create({ name: 7 });
  // @ts-expect-error secondsUntilExpiration is a number (or null)
  await apiKeys.create({ name: 'x', secondsUntilExpiration: '1d' });
  // @ts-expect-error the wire field names are not the params
  await apiKeys.create({ name: 'x', seconds_until_expiration: 60 });
  // @ts-expect-error params are required
  await apiKeys.create();
  return secret;
}

// ---- revoke ---------------------------------------------------------------------------------
async function revoke(id: string, signal: AbortSignal): Promise<void> {
  const everyParam: RevokeAPIKeyParams = { apiKeyID: id, revocationReason: 'rotated', signal };
  const revoked: APIKeyResource = await apiKeys.revoke(everyParam);
  await apiKeys.revoke({ apiKeyID: id, revocationReason: null });
  await apiKeys.revoke({ apiKeyID: id });
  const reason: string | null = revoked.revocationReason;
  console.log(reason);
  // @ts-expect-error the field is apiKeyID (capital ID), as in Clerk's SDK
  await apiKeys.revoke({ apiKeyId: id });
  // @ts-expect-error apiKeyID is a string
  await apiKeys.revoke({ apiKeyID: 123 });
  // @ts-expect-error revocationReason is a string or null
  await apiKeys.revoke({ apiKeyID: id, revocationReason: false });
}

// ---- errors ---------------------------------------------------------------------------------
function describe(error: unknown): string {
  if (isClerkAPIResponseError(error)) {
    const e: ClerkAPIResponseError = error;
    const name: 'ClerkAPIResponseError' = e.name;
    const code: 'api_response_error' = e.code;
    const clerkError: true = e.clerkError;
    const status: number = e.status;
    const traceId: string | undefined = e.clerkTraceId;
    const retryAfter: number | undefined = e.retryAfter;
    const message: string = e.message;
    const first = e.errors[0];
    if (first) {
      const c: string = first.code;
      const m: string = first.message;
      const long: string | undefined = first.longMessage;
      const param: string | undefined = first.meta?.paramName;
      const upgrade: boolean | undefined = first.meta?.isPlanUpgradePossible;
      console.log(c, m, long, param, upgrade);
      // @ts-expect-error meta holds only the keys clerk-js keeps
      void first.meta?.internalHint;
    }
    expectNotAny(e.errors);
    // @ts-expect-error status is a number
    const s: string = e.status;
    void s;
    return `${name} ${code} ${clerkError} ${status} ${traceId} ${retryAfter} ${message}`;
  }
  if (isClerkRuntimeError(error)) {
    const e: ClerkRuntimeError = error;
    const name: 'ClerkRuntimeError' = e.name;
    const code: 'invalid_argument' | 'network_error' | 'invalid_response' | 'no_session_token' = e.code;
    const clerkError: true = e.clerkError;
    const clerkRuntimeError: true = e.clerkRuntimeError;
    // @ts-expect-error not one of the runtime error codes
    const wrong: typeof e.code = 'timeout';
    void wrong;
    return `${name} ${code} ${clerkError} ${clerkRuntimeError} ${e.message}`;
  }
  if (error instanceof ClerkAPIResponseError) {
    const status: number = error.status;
    return String(status);
  }
  if (error instanceof ClerkRuntimeError) return error.code;
  if (error instanceof Error && error.name === 'AbortError') return 'aborted';
  // @ts-expect-error outside the guard, error is unknown
  return error.message;
}

// Constructing them (tests, mocks) takes what their fields promise, as Clerk's own constructors do.
const serverEntry: ClerkAPIErrorJSON = {
  code: 'token_creation_conflict',
  message: 'taken',
  long_message: 'API Key name already exists.',
  meta: { param_name: 'name' },
};
const made = [
  new ClerkRuntimeError('offline', { code: 'network_error' }),
  new ClerkAPIResponseError('taken', { status: 409, errors: [{ code: 'token_creation_conflict', message: 'taken' }] }),
  // clerk-js' own form: the server's entries as `data`.
  new ClerkAPIResponseError('taken', { status: 409, data: [serverEntry] }),
];
// @ts-expect-error `data` entries are the server's (snake_case): `longMessage` is not one of their fields
new ClerkAPIResponseError('taken', { status: 409, data: [{ code: 'c', message: 'm', longMessage: 'x' }] });
void made;
// @ts-expect-error a ClerkRuntimeError has a code
new ClerkRuntimeError('offline');
// @ts-expect-error a ClerkAPIResponseError has a status
new ClerkAPIResponseError('taken', {});

// Both error classes are real Error subclasses.
declare const runtimeError: ClerkRuntimeError;
declare const responseError: ClerkAPIResponseError;
const asError: Error = runtimeError;
const asError2: Error = responseError;
assertType<Equal<ReturnType<typeof isClerkAPIResponseError>, boolean>>();
void asError;
void asError2;

export { initialise, list, create, revoke, describe };
