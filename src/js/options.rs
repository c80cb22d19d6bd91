//! `new APIKeys(options)`: the endpoint, credentials mode, retries, and the per-call sources of token and subject.

use super::input::{self, get, is_absent, object, opt_integer, opt_string};
use crate::config::Endpoint;
use crate::error::Error;
use crate::json::Cat;
use crate::retry::{DEFAULT_MAX_RETRIES, MAX_RETRIES_LIMIT};
use alloc::string::String;
use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// `userId` / `organizationId`: fixed, or a function read at each call (the active organization changes).
pub enum Source {
    Unset,
    Value(String),
    Getter(Function),
}

pub struct Options {
    pub base_url: String,
    /// A production key (`pk_live_…`): an `origin_invalid` error then names the key's domain, as clerk-js does.
    pub live: bool,
    /// The `RequestCredentials` mode for fetch.
    pub credentials: &'static str,
    pub max_retries: u32,
    pub get_token: Option<Function>,
    pub user_id: Source,
    pub organization_id: Source,
}

pub fn parse(options: &JsValue) -> Result<Options, Error> {
    let o = object(options, "options")?;
    let endpoint = Endpoint {
        frontend_api: opt_string(o, "frontendApi")?,
        proxy_url: opt_string(o, "proxyUrl")?,
        publishable_key: opt_string(o, "publishableKey")?,
    };
    let base_url = endpoint.base_url(page_origin().as_deref())?;
    let live = endpoint
        .publishable_key
        .is_some_and(|k| k.starts_with("pk_live_"));
    let credentials = match opt_string(o, "credentials")?.as_deref() {
        None | Some("include") => "include",
        Some("same-origin") => "same-origin",
        Some("omit") => "omit",
        Some(_) => {
            return Err(Error::invalid_argument(
                "`credentials` must be 'include', 'same-origin' or 'omit'",
            ))
        }
    };
    let max_retries = opt_integer(
        o,
        "maxRetries",
        0,
        u64::from(u32::MAX),
        "must be a non-negative integer",
    )?
    .map_or(DEFAULT_MAX_RETRIES, |n| {
        n.min(u64::from(MAX_RETRIES_LIMIT)) as u32
    });
    let get_token = get(o, "getToken")?;
    let get_token = if is_absent(&get_token) {
        None
    } else {
        Some(
            get_token
                .dyn_into::<Function>()
                .map_err(|_| Error::invalid_argument("`getToken` must be a function"))?,
        )
    };
    Ok(Options {
        base_url,
        live,
        credentials,
        max_retries,
        get_token,
        user_id: source(o, "userId")?,
        organization_id: source(o, "organizationId")?,
    })
}

fn source(o: &JsValue, key: &str) -> Result<Source, Error> {
    let v = get(o, key)?;
    if is_absent(&v) {
        Ok(Source::Unset)
    } else if v.is_function() {
        Ok(Source::Getter(v.unchecked_into()))
    } else if v.is_string() {
        input::string(&v, key).map(Source::Value)
    } else {
        Err(Error::invalid_argument(
            &[
                "`",
                key,
                "` must be a string, null, or a function returning one",
            ]
            .cat(),
        ))
    }
}

#[wasm_bindgen(module = "/js/bridge.js")]
extern "C" {
    /// `location.origin` of the page or worker, for a relative `proxyUrl`; `None` where there is no location.
    #[wasm_bindgen(js_name = pageOrigin)]
    fn page_origin() -> Option<String>;
}
