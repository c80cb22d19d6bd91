// End-to-end test of www-example (static export) served by the devserver (`--static www-example/out`),
// driven in the system Chromium through playwright-core. Run by scripts/test-e2e.sh, which starts the
// devserver with --key-quota 12 and passes APIKEYS_DEVSERVER_URL; screenshots go to $E2E_OUT_DIR.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../packaging/support/browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const base = process.env.APIKEYS_DEVSERVER_URL;
if (!base) throw new Error('set APIKEYS_DEVSERVER_URL to the devserver serving www-example/out');
const outDir = process.env.E2E_OUT_DIR || path.resolve(here, '../../target/e2e');
mkdirSync(outDir, { recursive: true });

const USER = 'user_e2e';
const QUOTA = Number(process.env.E2E_KEY_QUOTA || 12);
const stamp = Date.now().toString(36);
const KEY_NAME = `e2e-deploy-${stamp}`;

let browser;
let context;
let page;
const pageErrors = [];

before(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

after(async () => {
  await context?.close();
  await browser?.close();
});

/** Poll `fn` until it returns a truthy value (or throw with `what` after `timeout` ms). */
async function waitUntil(what, fn, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const rows = () => page.locator('table.keys tbody tr');
const rowNames = async () => rows().evaluateAll((trs) => trs.map((tr) => tr.dataset.keyName));
/** The pagination text, once the list has finished loading (null while it loads). */
const pageInfo = async () =>
  (await page.getByTestId('key-list').getAttribute('aria-busy')) === 'false'
    ? page.getByTestId('page-info').textContent()
    : null;
const alerts = () => page.getByRole('alert').allTextContents();
const whoami = (secret) => fetch(`${base}/demo/whoami`, { headers: { authorization: `Bearer ${secret}` } });

async function searchFor(text) {
  await page.getByLabel('Search by name').fill(text);
}

async function createInUi(name, { description = '', expires = 'Never' } = {}) {
  const form = page.locator('form.create-form');
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Description').fill(description);
  await form.getByLabel('Expires').selectOption({ label: expires });
  await form.getByRole('button', { name: 'Create key' }).click();
}

let secret;

test('example app: sign in, create, copy, use, list, search, paginate, revoke', async (t) => {
  await t.test('loads and signs in as the demo user', async () => {
    await page.goto(`${base}/`);
    await page.getByLabel('Demo user id').fill(USER);
    await page.getByRole('button', { name: 'Sign in as demo user' }).click();
    await page.getByTestId('signed-in-user').filter({ hasText: USER }).waitFor();
    await page.getByText('No API keys yet').waitFor();
  });

  await t.test('creates a key and shows its secret once in a dialog', async () => {
    await createInUi(KEY_NAME, { description: 'created by the e2e test', expires: 'In 30 days' });
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /shown only this once/);
    secret = await dialog.getByTestId('secret').inputValue();
    assert.match(secret, /^ak_[A-Za-z0-9_-]{20,}$/);
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByText('Copied to the clipboard.').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, secret, 'the clipboard holds the secret');
    await page.screenshot({ path: path.join(outDir, 'secret-dialog.png') });
  });

  await t.test('"try this key" authenticates with the secret and lastUsedAt changes', async () => {
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Try this key' }).click();
    const result = dialog.getByTestId('try-result');
    await result.waitFor();
    assert.match(await result.textContent(), new RegExp(`server saw ${USER}.*Last used was Never, now \\d`));
    const iso = await dialog.getByTestId('try-last-used').getAttribute('datetime');
    assert.ok(iso && Math.abs(Date.parse(iso) - Date.now()) < 120_000, `lastUsedAt is recent: ${iso}`);
    // The copied secret works outside the browser too.
    assert.equal((await whoami(secret)).status, 200);
  });

  await t.test('closing the dialog drops the secret; the key is listed with its last use', async () => {
    await page.getByRole('button', { name: 'I have copied it, close' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assert.ok(!(await page.content()).includes(secret), 'the secret is no longer anywhere in the page');
    const row = page.locator(`tr[data-key-name="${KEY_NAME}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), /created by the e2e test/);
    await row.getByTestId('last-used').locator('time').waitFor();
    await page.screenshot({ path: path.join(outDir, 'main-screen.png'), fullPage: true });
  });

  await t.test('a duplicate name is explained in words', async () => {
    await createInUi(KEY_NAME);
    await waitUntil('the duplicate-name message', async () =>
      (await alerts()).some((a) => a.includes(`A key named “${KEY_NAME}” already exists`)),
    );
    assert.equal(await page.getByRole('dialog').count(), 0);
  });

  await t.test('search (debounced) and pagination over 11 more keys', async () => {
    // Make 11 keys through the API directly, with the demo user's session cookie.
    const signIn = await fetch(`${base}/dev/sign_in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: USER }),
    });
    assert.equal(signIn.status, 200);
    const { session_token: token } = await signIn.json();
    for (let i = 1; i <= 11; i++) {
      const res = await fetch(`${base}/api_keys`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `__session=${token}` },
        body: JSON.stringify({ type: 'api_key', name: `bulk-${stamp}-${String(i).padStart(2, '0')}`, subject: USER }),
      });
      assert.equal(res.status, 200, `bulk create ${i}: ${await res.text()}`);
    }
    await searchFor(`  bulk-${stamp}  `); // trimmed before it is sent
    await waitUntil('page 1 of the search', async () => (await pageInfo())?.includes('1–10 of 11 · page 1 of 2'));
    const first = await rowNames();
    assert.equal(first.length, 10);
    assert.ok(first.every((n) => n.startsWith(`bulk-${stamp}-`)), `only matches: ${first}`);
    await page.getByRole('button', { name: 'Next' }).click();
    await waitUntil('page 2', async () => (await pageInfo())?.includes('11–11 of 11 · page 2 of 2'));
    assert.equal((await rowNames()).length, 1);
    await page.screenshot({ path: path.join(outDir, 'main-screen-page-2.png') });
  });

  await t.test('the key quota is explained in words', async () => {
    // 12 live keys now (1 + 11); the devserver was started with --key-quota 12.
    assert.equal(QUOTA, 12);
    await createInUi(`over-quota-${stamp}`);
    await waitUntil('the quota message', async () =>
      (await alerts()).some((a) => a.includes('maximum number of API keys')),
    );
  });

  await t.test('revoking the only key on the last page steps back a page', async () => {
    const row = rows().first();
    const name = await row.getAttribute('data-key-name');
    await row.getByRole('button', { name: /Revoke/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitUntil('page 1 after the revoke', async () => (await pageInfo())?.includes('1–10 of 10 · page 1 of 1'));
    assert.ok(!(await rowNames()).includes(name));
  });

  await t.test('search finds the key; revoke with a reason; it is gone and refused', async () => {
    // Typed key by key: the debounce (500 ms) sends one request for the whole, trimmed text.
    const queries = [];
    const onRequest = (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api_keys' && request.method() === 'GET') queries.push(url.searchParams.get('query'));
    };
    const search = page.getByLabel('Search by name');
    await search.fill('');
    await waitUntil('the unfiltered list', async () => (await pageInfo())?.includes('of 10'));
    page.on('request', onRequest);
    await search.pressSequentially(` ${KEY_NAME} `, { delay: 40 });
    await waitUntil('the search result', async () => {
      const names = await rowNames();
      return names.length === 1 && names[0] === KEY_NAME;
    });
    page.off('request', onRequest);
    // Without the debounce there would be one request per keystroke (about 30); without the trim, spaces.
    // Two are tolerated in case a slow machine pauses over 500 ms between two keystrokes.
    const seen = JSON.stringify(queries);
    assert.ok(queries.length >= 1 && queries.length <= 2, `debounced search requests: ${seen}`);
    assert.equal(queries.at(-1), KEY_NAME, `the last search is the whole, trimmed name: ${seen}`);
    assert.ok(queries.every((q) => q === q.trim()), `every search is trimmed: ${seen}`);
    await page.screenshot({ path: path.join(outDir, 'search.png') });
    await page.locator(`tr[data-key-name="${KEY_NAME}"]`).getByRole('button', { name: /Revoke/ }).click();
    const dialog = page.getByRole('dialog');
    assert.match(await dialog.textContent(), new RegExp(`Revoke “${KEY_NAME}”\\?`));
    // Cancel first: nothing happens.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.deepEqual(await rowNames(), [KEY_NAME]);
    await page.locator(`tr[data-key-name="${KEY_NAME}"]`).getByRole('button', { name: /Revoke/ }).click();
    await dialog.getByLabel('Reason').fill('rotated by the e2e test');
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(`No keys match “${KEY_NAME}”.`).waitFor();
    await waitUntil('the revoked status', async () =>
      (await page.getByTestId('status').textContent())?.includes(`Revoked “${KEY_NAME}”.`),
    );
    assert.equal((await whoami(secret)).status, 401, 'a revoked key is refused');
  });

  await t.test('a network failure is shown in words, and "Try again" recovers', async () => {
    await page.route('**/api_keys?**', (route) => route.abort('connectionrefused'));
    await searchFor('');
    await waitUntil('the network error', async () =>
      (await alerts()).some((a) => a.includes('Could not reach the server')),
      30_000, // GETs are retried with backoff before giving up
    );
    await page.unroute('**/api_keys?**');
    await page.getByRole('button', { name: 'Try again' }).click();
    await waitUntil('the list again', async () => (await rowNames()).length === 10);
    assert.ok(!(await rowNames()).includes(KEY_NAME));
  });

  await t.test('no uncaught page errors; final screenshot', async () => {
    const file = path.join(outDir, 'final-screen.png');
    await page.screenshot({ path: file, fullPage: true });
    console.log(`screenshot: ${path.relative(process.cwd(), file)}`);
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  });
});
