//! Reading options and params from arbitrary JS values. Every surprise (wrong type, NaN, a throwing getter, a
//! lone surrogate) becomes an `invalid_argument` error naming the field, never a trap.

use crate::error::Error;
use crate::json::Cat;
use crate::params::{whole_number, Field};
use alloc::string::String;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

#[wasm_bindgen(module = "/js/bridge.js")]
extern "C" {
    /// The string's length in UTF-16 units, or -1 when it holds a lone surrogate.
    #[wasm_bindgen(js_name = wellFormedLength)]
    fn well_formed_length(s: &JsValue) -> f64;
}

/// The longest string argument taken, in UTF-16 units: far above any name, description, id or token, and far
/// below what would grow the wasm's memory (which never shrinks) by hundreds of MiB or fail to.
const MAX_STRING_UNITS: f64 = 1_048_576.0;

fn bad(name: &str, what: &str) -> Error {
    Error::invalid_argument(&["`", name, "` ", what].cat())
}

/// `value` must be a plain object (what a params/options literal is).
pub fn object<'v>(value: &'v JsValue, name: &str) -> Result<&'v JsValue, Error> {
    if value.is_object() {
        Ok(value)
    } else {
        Err(bad(name, "must be an object"))
    }
}

/// `obj[key]`; a throwing getter or proxy trap is reported, not propagated.
pub fn get(obj: &JsValue, key: &str) -> Result<JsValue, Error> {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).map_err(|_| bad(key, "could not be read"))
}

pub fn is_absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// A JS string, converted to UTF-8; strings with lone surrogates are refused rather than mangled, and strings over
/// [`MAX_STRING_UNITS`] before they are copied into the wasm.
pub fn string(v: &JsValue, name: &str) -> Result<String, Error> {
    if !v.is_string() {
        return Err(bad(name, "must be a string"));
    }
    let length = well_formed_length(v);
    if length < 0.0 {
        return Err(bad(name, "contains a lone surrogate (not valid Unicode)"));
    }
    if length > MAX_STRING_UNITS {
        return Err(bad(name, "is longer than 1,048,576 characters"));
    }
    v.as_string().ok_or_else(|| bad(name, "must be a string"))
}

/// `undefined`/`null` → `None`, a string → `Some`.
pub fn opt_string(obj: &JsValue, key: &str) -> Result<Option<String>, Error> {
    let v = get(obj, key)?;
    if is_absent(&v) {
        return Ok(None);
    }
    string(&v, key).map(Some)
}

/// `undefined` → omitted, `null` → null, a string → the value.
pub fn field_string(obj: &JsValue, key: &str) -> Result<Field<String>, Error> {
    let v = get(obj, key)?;
    if v.is_undefined() {
        Ok(Field::Omitted)
    } else if v.is_null() {
        Ok(Field::Null)
    } else {
        string(&v, key).map(Field::Value)
    }
}

/// An integer in `min..=max` given as a JS number (see [`whole_number`]); other types are refused.
pub fn integer(v: &JsValue, name: &str, min: u64, max: u64, what: &str) -> Result<u64, Error> {
    v.as_f64()
        .and_then(|n| whole_number(n, min, max))
        .ok_or_else(|| bad(name, what))
}

/// `undefined`/`null` → `None`, else an integer as in [`integer`].
pub fn opt_integer(
    obj: &JsValue,
    key: &str,
    min: u64,
    max: u64,
    what: &str,
) -> Result<Option<u64>, Error> {
    let v = get(obj, key)?;
    if is_absent(&v) {
        return Ok(None);
    }
    integer(&v, key, min, max, what).map(Some)
}

/// The optional `signal` param: an `AbortSignal` or nothing.
pub fn signal(obj: &JsValue) -> Result<Option<AbortSignal>, Error> {
    let v = get(obj, "signal")?;
    if is_absent(&v) {
        return Ok(None);
    }
    v.dyn_into::<AbortSignal>()
        .map(Some)
        .map_err(|_| bad("signal", "must be an AbortSignal"))
}
