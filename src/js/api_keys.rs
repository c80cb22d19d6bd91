//! The JS-facing `APIKeys` class: a thin layer that reads JS input, resolves token and subject for the call, runs
//! the core [`Client`], and hands back plain objects or JS errors.
//!
//! Every method takes `&self`, clones the `Rc`, and returns a Promise built from an owned future: the wasm object
//! is not borrowed while a call is pending, so concurrent calls and `free()` during a call cannot hit
//! wasm-bindgen's "recursive use of an object" error.

use super::error::to_js;
use super::input::{self, is_absent};
use super::options::{self, Source};
use super::params;
use super::task;
use crate::client::{Call, Client};
use crate::error::Error;
use crate::fetch::FetchTransport;
use crate::json::Cat;
use crate::output::{api_key_json, page_json};
use crate::params::{CreateAPIKeyParams, GetAPIKeysParams, RevokeAPIKeyParams};
use crate::wire;
use alloc::rc::Rc;
use alloc::string::String;
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

#[wasm_bindgen(module = "/js/bridge.js")]
extern "C" {
    #[wasm_bindgen(js_name = apiKeyFromJson)]
    fn api_key_from_json(text: &str) -> JsValue;
    #[wasm_bindgen(js_name = pageFromJson)]
    fn page_from_json(text: &str) -> JsValue;
    /// `value`, or the promise it is, as a promise that an abort of `signal` rejects early (see the snippet).
    fn settle(value: &JsValue, signal: Option<&AbortSignal>) -> Promise;
}

/// Why a call failed: an SDK error (mapped in `error.rs`), or a value the caller's own callback threw, which is
/// passed through untouched.
enum Failure {
    Sdk(Error),
    Thrown(JsValue),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Sdk(e)
    }
}

struct Inner {
    client: Client<FetchTransport>,
    live: bool,
    get_token: Option<Function>,
    user_id: Source,
    organization_id: Source,
}

/// Manage the signed-in user's (or active organization's) API keys.
#[wasm_bindgen(js_name = APIKeys)]
pub struct APIKeys {
    inner: Rc<Inner>,
}

#[wasm_bindgen(js_class = APIKeys)]
impl APIKeys {
    /// Throws `ClerkRuntimeError` (`invalid_argument`) unless exactly one of `frontendApi`, `proxyUrl`,
    /// `publishableKey` is given and every option has the right type.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "APIKeysOptions")] options: JsValue,
    ) -> Result<APIKeys, JsValue> {
        let o = options::parse(&options).map_err(|e| to_js(&e, ""))?;
        let client = Client::new(FetchTransport::new(o.credentials), o.base_url)
            .with_max_retries(o.max_retries);
        Ok(APIKeys {
            inner: Rc::new(Inner {
                client,
                live: o.live,
                get_token: o.get_token,
                user_id: o.user_id,
                organization_id: o.organization_id,
            }),
        })
    }

    /// One page of keys: `{ data, total_count }`.
    #[wasm_bindgen(js_name = getAll, unchecked_return_type = "Promise<ClerkPaginatedResponse<APIKeyResource>>")]
    pub fn get_all(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "GetAPIKeysParams")] params: JsValue,
    ) -> Promise {
        self.start(Op::GetAll, params)
    }

    /// Create a key; the result carries `secret`, shown this once.
    #[wasm_bindgen(unchecked_return_type = "Promise<APIKeyResource & { secret: string }>")]
    pub fn create(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateAPIKeyParams")] params: JsValue,
    ) -> Promise {
        self.start(Op::Create, params)
    }

    /// Revoke a key; resolves to the revoked key.
    #[wasm_bindgen(unchecked_return_type = "Promise<APIKeyResource>")]
    pub fn revoke(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RevokeAPIKeyParams")] params: JsValue,
    ) -> Promise {
        self.start(Op::Revoke, params)
    }
}

#[derive(Clone, Copy)]
enum Op {
    GetAll,
    Create,
    Revoke,
}

/// The validated params of one call.
enum Parsed {
    GetAll(GetAPIKeysParams),
    Create(CreateAPIKeyParams),
    Revoke(RevokeAPIKeyParams),
}

impl APIKeys {
    /// One task for all three methods: each future type costs kilobytes of wasm.
    fn start(&self, op: Op, params: JsValue) -> Promise {
        let inner = Rc::clone(&self.inner);
        task::spawn(async move { inner.run(op, &params).await.map_err(|f| inner.reject(f)) })
    }
}

impl Inner {
    /// What a failed call rejects with. With a production key, the base URL goes along: an `origin_invalid`
    /// error then names the key's domain, as clerk-js does (spec 4.2).
    fn reject(&self, f: Failure) -> JsValue {
        match f {
            Failure::Sdk(e) => to_js(
                &e,
                if self.live {
                    self.client.base_url()
                } else {
                    ""
                },
            ),
            Failure::Thrown(v) => v,
        }
    }

    /// Validate, resolve token and subject, call the core client, and convert the result in one crossing.
    async fn run(&self, op: Op, params: &JsValue) -> Result<JsValue, Failure> {
        let (parsed, signal) = match op {
            Op::GetAll => params::get_all(params).map(|(p, s)| (Parsed::GetAll(p), s)),
            Op::Create => params::create(params).map(|(p, s)| (Parsed::Create(p), s)),
            Op::Revoke => params::revoke(params).map(|(p, s)| (Parsed::Revoke(p), s)),
        }?;
        let token = self.token(&signal).await?;
        let explicit_subject = match &parsed {
            Parsed::GetAll(p) => p.subject.is_some(),
            Parsed::Create(p) => p.subject.is_some(),
            Parsed::Revoke(_) => true,
        };
        let subject = if explicit_subject {
            None
        } else {
            self.default_subject()?
        };
        let call = Call {
            token: token.as_deref(),
            default_subject: subject.as_deref(),
            signal: &signal,
        };
        // One `execute` for the three operations: each awaited client method would be its own state machine.
        let client = &self.client;
        let (method, url, body) = match &parsed {
            Parsed::GetAll(p) => client.get_all_request(p, call.default_subject),
            Parsed::Create(p) => client.create_request(p, call.default_subject),
            Parsed::Revoke(p) => client.revoke_request(p),
        }?;
        let text = client.execute(method, url, body, &call).await?;
        Ok(match parsed {
            Parsed::GetAll(_) => page_from_json(&page_json(&wire::read_page(&text)?, text.len())),
            _ => {
                let created = matches!(parsed, Parsed::Create(_));
                api_key_from_json(&api_key_json(&wire::read_api_key(&text, created)?))
            }
        })
    }

    /// The Bearer token for this call, if `getToken` was given. It may return a value or a promise; an empty
    /// result means the session is gone, and the call fails before any request is made.
    async fn token(&self, signal: &Option<AbortSignal>) -> Result<Option<String>, Failure> {
        let Some(get_token) = &self.get_token else {
            return Ok(None);
        };
        let value = get_token
            .call0(&JsValue::UNDEFINED)
            .map_err(Failure::Thrown)?;
        // An abort ends the wait for a slow (or never settling) token too.
        let settled = task::wait(settle(&value, signal.as_ref())).await;
        if signal.as_ref().is_some_and(AbortSignal::aborted) {
            return Err(Error::Aborted.into());
        }
        let value = settled.map_err(Failure::Thrown)?;
        if is_absent(&value) {
            return Err(Error::no_session_token().into());
        }
        let token = input::string(&value, "getToken()")?;
        if token.is_empty() {
            return Err(Error::no_session_token().into());
        }
        Ok(Some(token))
    }

    /// The active organization, else the user: used when params name no subject.
    fn default_subject(&self) -> Result<Option<String>, Failure> {
        if let Some(org) = read_source(&self.organization_id, "organizationId")? {
            return Ok(Some(org));
        }
        read_source(&self.user_id, "userId")
    }
}

fn read_source(source: &Source, name: &str) -> Result<Option<String>, Failure> {
    let value = match source {
        Source::Unset => return Ok(None),
        Source::Value(s) => return Ok(Some(s.clone())),
        Source::Getter(f) => f.call0(&JsValue::UNDEFINED).map_err(Failure::Thrown)?,
    };
    if is_absent(&value) {
        return Ok(None);
    }
    if !value.is_string() {
        return Err(Error::invalid_argument(
            &["`", name, "()` must return a string, null or undefined"].cat(),
        )
        .into());
    }
    Ok(Some(input::string(&value, name)?))
}
