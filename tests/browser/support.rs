//! Helpers for the browser suite: the devserver's test API, and calling the `APIKeys` class through its JS surface
//! (the generated JS class, its methods, the promises they return) rather than through Rust.

use apikeys_wasm::js::APIKeys;
use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where the test devserver listens (`--test-mode`, in-memory DB); fixed at compile time since wasm has no env.
pub const DEVSERVER: &str = match option_env!("APIKEYS_DEVSERVER_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8788",
};

#[wasm_bindgen(inline_js = r#"
export function construct(cls, options) { return new cls(options); }
export function invoke(obj, method, arg) {
  const result = arguments.length > 2 ? obj[method](arg) : obj[method]();
  if (!(result instanceof Promise)) throw new Error(method + ' did not return a Promise');
  return result;
}
async function send(url, method, body, credentials) {
  const init = { method, credentials: credentials || 'omit', headers: {} };
  if (body !== undefined) { init.body = body; init.headers['content-type'] = 'application/json'; }
  const r = await fetch(url, init);
  const text = await r.text();
  if (r.status >= 400) throw new Error(method + ' ' + url + ' -> ' + r.status + ': ' + text);
  return text ? JSON.parse(text) : null;
}
export async function signIn(base, userId, orgIds, cookie) {
  const body = JSON.stringify({ user_id: userId, organization_ids: orgIds });
  const r = await send(base + '/dev/sign_in', 'POST', body, cookie ? 'include' : 'omit');
  return r.session_token;
}
export async function signOut(base) { await send(base + '/dev/sign_out', 'POST', '{}', 'include'); }
export async function addFault(base, fault) { await send(base + '/__faults', 'POST', fault); }
export async function clearFaults(base) { await send(base + '/__faults', 'DELETE'); }
export async function clearRequests(base) { await send(base + '/__requests', 'DELETE'); }
export async function requests(base, path) {
  const r = await send(base + '/__requests?path=' + encodeURIComponent(path), 'GET');
  return r.requests;
}
export function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }
export function uniqueSuffix() { return Date.now().toString(36) + Math.random().toString(36).slice(2, 10); }
export function tokenGetter(token, asPromise) {
  return asPromise ? () => Promise.resolve(token) : () => token;
}
export function constant(value) { return () => value; }
// A getToken that answers whatever holder.token holds at the time of the call.
export function heldToken(holder) { return () => holder.token; }
// A getToken that, on its first call, starts another getAll on the same instance (holder.keys) and then frees that
// instance, before it returns the token: the inner call's promise is left in holder.inner.
export function reentrantTokenGetter(token, holder) {
  return () => {
    if (!holder.inner) {
      holder.inner = holder.keys.getAll();
      holder.keys.free();
    }
    return token;
  };
}
export function neverSettling() { return () => new Promise(() => {}); }
export function throwing(message) { return () => { throw new Error(message); }; }
export function throwingGetterObject(key) {
  return Object.defineProperty({}, key, { get() { throw new Error('getter for ' + key); }, enumerable: true });
}
export function isPlainObject(v) { return Object.getPrototypeOf(v) === Object.prototype; }
export function isDate(v) { return v instanceof Date && !Number.isNaN(v.getTime()); }
export function newAbortController() { return new AbortController(); }
export function jsonText(v) { return JSON.stringify(v); }
// Wraps the global fetch: for each request whose URL holds `path`, notes in `seen` whether a wasm frame was on the
// stack when fetch was called. Returns the function that puts the real fetch back.
export function watchFetchStacks(path, seen) {
  const real = globalThis.fetch;
  globalThis.fetch = function (input, init) {
    if (String(input).includes(path)) seen.push(String(new Error().stack).includes('wasm-function['));
    return real.call(this, input, init);
  };
  return () => { globalThis.fetch = real; };
}
export function fetchFromHere(url) { return globalThis.fetch(url); }
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn construct(cls: &JsValue, options: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, variadic)]
    fn invoke(obj: &JsValue, method: &str, args: &Array) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_name = signIn)]
    fn sign_in_js(base: &str, user_id: &str, org_ids: &Array, cookie: bool) -> Promise;
    #[wasm_bindgen(js_name = signOut)]
    fn sign_out_js(base: &str) -> Promise;
    #[wasm_bindgen(js_name = addFault)]
    fn add_fault_js(base: &str, fault: &str) -> Promise;
    #[wasm_bindgen(js_name = clearFaults)]
    fn clear_faults_js(base: &str) -> Promise;
    #[wasm_bindgen(js_name = clearRequests)]
    fn clear_requests_js(base: &str) -> Promise;
    #[wasm_bindgen(js_name = requests)]
    fn requests_js(base: &str, path: &str) -> Promise;
    #[wasm_bindgen(js_name = sleep)]
    fn sleep_js(ms: u32) -> Promise;
    #[wasm_bindgen(js_name = uniqueSuffix)]
    fn unique_suffix() -> String;
    #[wasm_bindgen(js_name = tokenGetter)]
    pub fn token_getter(token: &JsValue, as_promise: bool) -> Function;
    pub fn constant(value: &JsValue) -> Function;
    #[wasm_bindgen(js_name = heldToken)]
    pub fn held_token(holder: &JsValue) -> Function;
    #[wasm_bindgen(js_name = reentrantTokenGetter)]
    pub fn reentrant_token_getter(token: &JsValue, holder: &JsValue) -> Function;
    /// A `getToken` whose promise never settles (a session refresh that hangs).
    #[wasm_bindgen(js_name = neverSettling)]
    pub fn never_settling() -> Function;
    pub fn throwing(message: &str) -> Function;
    #[wasm_bindgen(js_name = throwingGetterObject)]
    pub fn throwing_getter_object(key: &str) -> JsValue;
    #[wasm_bindgen(js_name = isPlainObject)]
    pub fn is_plain_object(v: &JsValue) -> bool;
    #[wasm_bindgen(js_name = isDate)]
    pub fn is_date(v: &JsValue) -> bool;
    pub type Controller;
    #[wasm_bindgen(js_name = newAbortController)]
    pub fn new_abort_controller() -> Controller;
    #[wasm_bindgen(method)]
    pub fn abort(this: &Controller);
    #[wasm_bindgen(method, getter)]
    pub fn signal(this: &Controller) -> JsValue;
    #[wasm_bindgen(js_name = jsonText)]
    pub fn json_text(v: &JsValue) -> String;
    #[wasm_bindgen(js_name = watchFetchStacks)]
    pub fn watch_fetch_stacks(path: &str, seen: &Array) -> Function;
    /// `fetch(url)` called by JS that this wasm calls: a wasm frame is on the stack.
    #[wasm_bindgen(js_name = fetchFromHere)]
    pub fn fetch_from_here(url: &str) -> Promise;
}

async fn run(p: Promise) -> JsValue {
    match JsFuture::from(p).await {
        Ok(v) => v,
        Err(e) => panic!("devserver helper failed: {}", describe(&e)),
    }
}

/// `name: message` of a thrown value, for assertion messages.
pub fn describe(v: &JsValue) -> String {
    let field = |k: &str| Reflect::get(v, &k.into()).ok().and_then(|x| x.as_string());
    match (field("name"), field("message")) {
        (Some(n), Some(m)) => format!("{n}: {m}"),
        _ => format!("{v:?}"),
    }
}

pub fn unique(prefix: &str) -> String {
    format!("{prefix}_{}", unique_suffix())
}

/// A fresh user signed in; returns its session token (Bearer). With `cookie`, the browser also keeps `__session`.
pub async fn sign_in(user_id: &str, org_ids: &[&str], cookie: bool) -> String {
    let orgs: Array = org_ids.iter().map(|o| JsValue::from_str(o)).collect();
    run(sign_in_js(DEVSERVER, user_id, &orgs, cookie))
        .await
        .as_string()
        .expect("sign_in returns a session token")
}

/// End the cookie session so later tests do not carry it.
pub async fn sign_out_cookie() {
    run(sign_out_js(DEVSERVER)).await;
}

/// A new user with a Bearer-token `APIKeys` instance whose `userId` is that user.
pub async fn signed_in_client() -> (String, JsValue) {
    let user = unique("user_t");
    let token = sign_in(&user, &[], false).await;
    let keys = new_keys(&obj(&[
        ("frontendApi", DEVSERVER.into()),
        ("getToken", token_getter(&token.into(), true).into()),
        ("userId", user.as_str().into()),
    ]))
    .unwrap_or_else(|e| panic!("constructor threw {}", describe(&e)));
    (user, keys)
}

pub async fn add_fault(fault: &str) {
    run(add_fault_js(DEVSERVER, fault)).await;
}

/// A fault that answers the next `method` request to `path` with `status` and this JSON `body`.
pub async fn add_body_fault(path: &str, method: &str, status: u16, body: &str) {
    let fault = obj(&[
        ("path", path.into()),
        ("method", method.into()),
        ("status", status.into()),
        ("body", body.into()),
    ]);
    add_fault(&json_text(&fault)).await;
}

/// Forget earlier tests' faults and request log.
pub async fn reset_server() {
    run(clear_faults_js(DEVSERVER)).await;
    run(clear_requests_js(DEVSERVER)).await;
}

/// What the devserver recorded for `path` (oldest first).
pub async fn requests(path: &str) -> Vec<JsValue> {
    run(requests_js(DEVSERVER, path))
        .await
        .unchecked_into::<Array>()
        .to_vec()
}

pub async fn sleep(ms: u32) {
    run(sleep_js(ms)).await;
}

thread_local! {
    static CLASS: JsValue = {
        let options = obj(&[("frontendApi", "https://example.invalid".into())]);
        let instance = JsValue::from(APIKeys::new(options).expect("valid options"));
        get(&instance, "constructor")
    };
}

/// The JS class `APIKeys` as the generated module exports it (taken from an instance's `constructor`).
pub fn api_keys_class() -> JsValue {
    CLASS.with(JsValue::clone)
}

/// `new APIKeys(options)` through JS; `Err` is what the constructor threw.
pub fn new_keys(options: &JsValue) -> Result<JsValue, JsValue> {
    construct(&api_keys_class(), options)
}

/// `keys[method](...args)` through JS, not awaited. Panics if the method threw synchronously.
pub fn start(keys: &JsValue, method: &str, args: &[JsValue]) -> Promise {
    let args: Array = args.iter().collect();
    invoke(keys, method, &args)
        .unwrap_or_else(|e| panic!("{method} threw synchronously: {}", describe(&e)))
}

/// `keys[method](arg)` through JS, awaited. Panics if the method threw synchronously instead of rejecting.
pub async fn call(keys: &JsValue, method: &str, arg: Option<&JsValue>) -> Result<JsValue, JsValue> {
    let args: Array = arg.into_iter().cloned().collect();
    let promise = invoke(keys, method, &args)
        .unwrap_or_else(|e| panic!("{method} threw synchronously: {}", describe(&e)));
    JsFuture::from(promise).await
}

/// An instance whose `getToken` answers `holder.token` at each call, `token` to begin with: `(holder, keys)`.
pub fn keys_with_held_token(token: JsValue) -> (JsValue, JsValue) {
    let holder = obj(&[("token", token)]);
    let keys = new_keys(&obj(&[
        ("frontendApi", DEVSERVER.into()),
        ("getToken", held_token(&holder).into()),
    ]))
    .unwrap_or_else(|e| panic!("constructor threw {}", describe(&e)));
    (holder, keys)
}

/// After a failure, `keys` (made by [`keys_with_held_token`]) answers once its `getToken` gives a real session.
pub async fn still_works_once_signed_in(holder: &JsValue, keys: &JsValue) {
    let token = sign_in(&unique("user_late"), &[], false).await;
    set(holder, "token", &token.into());
    still_works(keys).await;
}

/// The instance still answers after a failure (no trap, no poisoned state).
pub async fn still_works(keys: &JsValue) {
    let page = call(keys, "getAll", None).await;
    assert!(
        page.is_ok(),
        "instance broken after a failure: {}",
        describe(&page.unwrap_err())
    );
}

pub async fn ok(keys: &JsValue, method: &str, arg: &JsValue) -> JsValue {
    call(keys, method, Some(arg))
        .await
        .unwrap_or_else(|e| panic!("{method} rejected: {} ({})", describe(&e), json_text(&e)))
}

pub async fn err(keys: &JsValue, method: &str, arg: &JsValue) -> JsValue {
    match call(keys, method, Some(arg)).await {
        Ok(v) => panic!("{method} resolved with {} but should reject", json_text(&v)),
        Err(e) => e,
    }
}

/// A plain object from key/value pairs.
pub fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o: JsValue = Object::new().into();
    for (k, v) in pairs {
        set(&o, k, v);
    }
    o
}

pub fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `target[key] = value` on an object the test made.
pub fn set(target: &JsValue, key: &str, value: &JsValue) {
    Reflect::set(target, &JsValue::from_str(key), value).expect("set on the test's own object");
}

pub fn get_str(v: &JsValue, key: &str) -> Option<String> {
    get(v, key).as_string()
}

pub fn has(v: &JsValue, key: &str) -> bool {
    Reflect::has(v, &JsValue::from_str(key)).unwrap_or(false)
}

pub fn array(v: &JsValue) -> Vec<JsValue> {
    v.dyn_ref::<Array>().map(Array::to_vec).unwrap_or_default()
}

/// Create a key by name through JS and return the resolved object.
pub async fn create_named(keys: &JsValue, name: &str) -> JsValue {
    ok(keys, "create", &obj(&[("name", name.into())])).await
}

/// A `ClerkRuntimeError` with this code (checked via the class, the guard and the fields).
pub fn assert_runtime_error(e: &JsValue, code: &str) {
    use apikeys_wasm::js::error::{is_clerk_runtime_error, ClerkRuntimeError};
    assert!(
        e.is_instance_of::<ClerkRuntimeError>(),
        "not a ClerkRuntimeError: {}",
        describe(e)
    );
    assert!(e.is_instance_of::<js_sys::Error>());
    assert!(is_clerk_runtime_error(e));
    assert_eq!(get_str(e, "name").as_deref(), Some("ClerkRuntimeError"));
    assert_eq!(get_str(e, "code").as_deref(), Some(code), "{}", describe(e));
    assert_eq!(get(e, "clerkError"), JsValue::TRUE);
    assert_eq!(get(e, "clerkRuntimeError"), JsValue::TRUE);
    let message = get_str(e, "message").unwrap_or_default();
    assert!(
        message.starts_with("Clerk: ") && message.ends_with(&format!("\n\n(code=\"{code}\")")),
        "worded as clerk-js words it: {message:?}"
    );
}

/// A `ClerkAPIResponseError` with this status; returns its first error entry (or undefined).
pub fn assert_api_error(e: &JsValue, status: u16) -> JsValue {
    use apikeys_wasm::js::error::{is_clerk_api_response_error, ClerkAPIResponseError};
    assert!(
        e.is_instance_of::<ClerkAPIResponseError>(),
        "not a ClerkAPIResponseError: {}",
        describe(e)
    );
    assert!(e.is_instance_of::<js_sys::Error>());
    assert!(is_clerk_api_response_error(e));
    assert_eq!(get_str(e, "name").as_deref(), Some("ClerkAPIResponseError"));
    assert_eq!(get_str(e, "code").as_deref(), Some("api_response_error"));
    assert_eq!(get(e, "clerkError"), JsValue::TRUE);
    assert_eq!(
        get(e, "status").as_f64(),
        Some(f64::from(status)),
        "{}",
        describe(e)
    );
    array(&get(e, "errors"))
        .first()
        .cloned()
        .unwrap_or(JsValue::UNDEFINED)
}

pub fn assert_abort_error(e: &JsValue) {
    assert_eq!(
        get_str(e, "name").as_deref(),
        Some("AbortError"),
        "{}",
        describe(e)
    );
}
