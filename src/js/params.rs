//! JS params objects → the core's typed params (plus the call's `AbortSignal`), validated before any request.

use super::input::{self, field_string, get, is_absent, object, opt_integer, opt_string};
use crate::error::Error;
use crate::json::Cat;
use crate::params::{
    CreateAPIKeyParams, Field, GetAPIKeysParams, RevokeAPIKeyParams, MAX_PAGE_SIZE,
    MAX_SAFE_INTEGER,
};
use alloc::string::String;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

#[wasm_bindgen(module = "/js/bridge.js")]
extern "C" {
    /// An own key of `obj` other than `key` that equals it ignoring ASCII case (see the snippet).
    #[wasm_bindgen(js_name = nearMiss)]
    fn near_miss(obj: &JsValue, key: &str) -> Option<String>;
}

/// `getAll(params?)`: `undefined`/`null` mean all defaults.
pub fn get_all(params: &JsValue) -> Result<(GetAPIKeysParams, Option<AbortSignal>), Error> {
    if is_absent(params) {
        return Ok((GetAPIKeysParams::default(), None));
    }
    let p = object(params, "params")?;
    let page_size = opt_integer(
        p,
        "pageSize",
        1,
        u64::from(MAX_PAGE_SIZE),
        "must be an integer from 1 to 500",
    )?;
    let initial_page = opt_integer(
        p,
        "initialPage",
        1,
        u64::from(u32::MAX),
        "must be an integer from 1 to 4294967295",
    )?;
    let parsed = GetAPIKeysParams {
        subject: opt_string(p, "subject")?,
        query: opt_string(p, "query")?,
        // Range-checked above, so these conversions cannot fail.
        page_size: page_size.and_then(|n| u32::try_from(n).ok()),
        initial_page: initial_page.and_then(|n| u32::try_from(n).ok()),
    };
    Ok((parsed, input::signal(p)?))
}

pub fn create(params: &JsValue) -> Result<(CreateAPIKeyParams, Option<AbortSignal>), Error> {
    let p = object(params, "params")?;
    let name = get(p, "name")?;
    if is_absent(&name) {
        return Err(Error::invalid_argument("`name` is required"));
    }
    let seconds = get(p, "secondsUntilExpiration")?;
    let seconds_until_expiration = if seconds.is_undefined() {
        Field::Omitted
    } else if seconds.is_null() {
        Field::Null
    } else {
        Field::Value(input::integer(
            &seconds,
            "secondsUntilExpiration",
            0,
            MAX_SAFE_INTEGER,
            "must be a non-negative integer or null",
        )?)
    };
    let parsed = CreateAPIKeyParams {
        name: input::string(&name, "name")?,
        subject: opt_string(p, "subject")?,
        description: field_string(p, "description")?,
        seconds_until_expiration,
    };
    Ok((parsed, input::signal(p)?))
}

pub fn revoke(params: &JsValue) -> Result<(RevokeAPIKeyParams, Option<AbortSignal>), Error> {
    let p = object(params, "params")?;
    let id = get(p, "apiKeyID")?;
    if is_absent(&id) {
        return Err(missing_api_key_id(p));
    }
    let parsed = RevokeAPIKeyParams {
        api_key_id: input::string(&id, "apiKeyID")?,
        revocation_reason: field_string(p, "revocationReason")?,
    };
    if parsed.api_key_id.is_empty() {
        return Err(Error::invalid_argument("`apiKeyID` must not be empty"));
    }
    Ok((parsed, input::signal(p)?))
}

/// Clerk's own docs once spelled it `apiKeyId`; name the look-alike the caller used so the fix is obvious.
fn missing_api_key_id(p: &JsValue) -> Error {
    let near_miss = near_miss(p, "apiKeyID");
    match near_miss {
        Some(k) => Error::invalid_argument(
            &[
                "`apiKeyID` is required; got `",
                &k,
                "` instead (the field is spelled `apiKeyID`)",
            ]
            .cat(),
        ),
        None => Error::invalid_argument("`apiKeyID` is required"),
    }
}
