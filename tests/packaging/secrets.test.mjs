// What the SDK leaves behind in the wasm's linear memory, in Node against the installed package (the shipped
// build): any script on the page can read that memory through the instance's exports, so a key's secret and the
// session token must not outlive the call that carried them (src/tiny_alloc.rs zeroes every freed block). The
// built pages in check.mjs make the same check in Chromium after a real create.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inMemory } from './shared/probe.js';
import { withFetchAnswering } from './support/fetch-stub.mjs';

const sdk = await import('apikeys-wasm');
const wasm = await sdk.default();

const SECRET = 'ak_secret_9f2c1d7e5b3a48c6b0e4d2f1a7c9e8b6';
const TOKEN = 'sess_token_3e8d1c5b7a9f2e4d6c8b0a1f3e5d7c9b';

const wireKey = (fields) => ({
  object: 'api_key', id: 'ak_1', type: 'api_key', name: 'ci', subject: 'user_1', scopes: [], claims: null,
  revoked: false, revocation_reason: null, expired: false, expiration: null, created_by: 'user_1',
  description: null, last_used_at: null, created_at: 1700000000000, updated_at: 1700000000000, ...fields,
});

/** `call` on a client whose token is TOKEN, with fetch answering `status` and `body`. */
function answering(status, body, call) {
  return withFetchAnswering(status, body, () =>
    call(new sdk.APIKeys({ frontendApi: 'clerk.example.com', getToken: () => TOKEN })));
}

test("after create() resolves, the secret is in its result and not in the wasm's memory; nor is the token", async () => {
  const key = await answering(200, wireKey({ secret: SECRET }), (keys) => keys.create({ name: 'ci' }));
  assert.equal(key.secret, SECRET);
  assert.equal(inMemory(wasm, SECRET), false, 'secret left in linear memory');
  assert.equal(inMemory(wasm, TOKEN), false, 'session token left in linear memory');
});

test('a create() answer the SDK rejects leaves its secret neither in the error nor in memory', async () => {
  const body = wireKey({ secret: SECRET, revoked: 'no' });
  const error = await answering(200, body, (keys) => keys.create({ name: 'ci' }).then(() => assert.fail('resolved'), (e) => e));
  assert.equal(error.code, 'invalid_response');
  assert.equal(JSON.stringify({ ...error, message: error.message }).includes(SECRET), false, 'secret in the error');
  assert.equal(inMemory(wasm, SECRET), false, 'secret left in linear memory');
});

test('getAll and revoke leave no session token in memory', async () => {
  await answering(200, { data: [wireKey({})], total_count: 1 }, (keys) => keys.getAll());
  await answering(200, wireKey({ revoked: true }), (keys) => keys.revoke({ apiKeyID: 'ak_1' }));
  assert.equal(inMemory(wasm, TOKEN), false, 'session token left in linear memory');
});
