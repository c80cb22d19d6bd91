// The error classes in Node, against the installed package: what the browser tests (real devserver answers)
// cannot reach. `new ClerkAPIResponseError(message, { data })` as clerk-js takes it, mapped as clerk-js maps the
// server's entries; and a production key's `origin_invalid` note for a key whose host starts with `clerk.` (a
// stubbed fetch answers: no devserver is on such a host).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withFetchAnswering } from './support/fetch-stub.mjs';

const sdk = await import('apikeys-wasm');
await sdk.default();

/** `getAll` against a stubbed fetch that answers `status` with `body`; resolves to the error it rejects with. */
function failure(options, status, body) {
  return withFetchAnswering(status, body, () =>
    new sdk.APIKeys(options).getAll().then(() => assert.fail('getAll resolved'), (e) => e));
}

test("ClerkAPIResponseError takes clerk-js' options: `data` entries mapped as clerk-js maps them", () => {
  const data = [
    {
      code: 'form_param_value_invalid',
      message: 'is invalid',
      long_message: 'name is invalid',
      meta: { param_name: 'name', is_plan_upgrade_possible: false, session_id: null, internal_hint: 'x' },
    },
    { code: 'other', message: 'm' },
  ];
  const e = new sdk.ClerkAPIResponseError('name is invalid', { data, status: 422, clerkTraceId: 't', retryAfter: 3 });
  assert.ok(sdk.isClerkAPIResponseError(e) && e instanceof Error);
  assert.deepEqual(
    { message: e.message, status: e.status, clerkTraceId: e.clerkTraceId, retryAfter: e.retryAfter },
    { message: 'name is invalid', status: 422, clerkTraceId: 't', retryAfter: 3 },
  );
  assert.deepEqual(e.errors, [
    {
      code: 'form_param_value_invalid',
      message: 'is invalid',
      longMessage: 'name is invalid',
      meta: { paramName: 'name', sessionId: null, isPlanUpgradePossible: false },
    },
    { code: 'other', message: 'm', meta: {} },
  ]);
  // Entries already in the error's shape go in as `errors`; neither gives none.
  const errors = [{ code: 'c', message: 'm', meta: {} }];
  assert.equal(new sdk.ClerkAPIResponseError('x', { status: 400, errors }).errors, errors);
  assert.deepEqual(new sdk.ClerkAPIResponseError('x', { status: 400 }).errors, []);
});

test('errors the SDK throws are mapped by the same rule as `data`', async () => {
  const data = [{ code: 'c', message: 'm', long_message: 'long', meta: { param_name: 'p', other: 1 } }];
  const e = await failure({ frontendApi: 'clerk.example.com' }, 422, { errors: data });
  assert.deepEqual(e.errors, new sdk.ClerkAPIResponseError('', { status: 422, data }).errors);
  assert.deepEqual(e.errors[0].meta, { paramName: 'p' });
});

test("origin_invalid with a production key names the key's domain, its host without `clerk.` (spec 4.2)", async () => {
  const body = { errors: [{ code: 'origin_invalid', message: 'Origin invalid', long_message: 'Bad origin.' }] };
  const encoded = Buffer.from('clerk.example.com$').toString('base64');
  const message = async (publishableKey) => (await failure({ publishableKey }, 400, body)).message;
  assert.equal(await message(`pk_live_${encoded}`),
    'Clerk: Production Keys are only allowed for domain "example.com". \nAPI Error: Bad origin.');
  assert.equal(await message(`pk_test_${encoded}`), 'Bad origin.');
});
