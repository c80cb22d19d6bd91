//! A small JSON reader and writer, written here so that the wasm carries no serde_json (issue 5's size budget).
//!
//! Strings borrow from the input unless they hold escapes, and numbers keep their source text, so parsing a list
//! page copies little and needs no float parser; `claims` objects round-trip to JS exactly as the server sent them.

use alloc::borrow::Cow;
use alloc::{string::String, vec::Vec};

/// Nesting deeper than this is refused: the parser recurses, and a hostile body must not exhaust the stack.
pub const MAX_DEPTH: usize = 64;

/// A parsed JSON value. Object members keep their order; lookups are linear, which is fast for the ~17 fields of
/// an API key.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    /// The number's source text, already checked against the JSON grammar.
    Number(Cow<'a, str>),
    String(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
}

/// Why a text is not JSON; `at` is a byte offset into the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub at: usize,
    pub reason: &'static str,
}

impl<'a> Value<'a> {
    /// The member `key` of an object (the first one, if the key repeats).
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number as an integer when it is one exactly (`12`, `-3`, `12.0`, `1.5e3`); `None` for fractions,
    /// non-numbers and values outside i64.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(text) => integer_value(text),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value<'a>]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

/// Parse one JSON document; whitespace may surround it, nothing else may follow it.
pub fn parse(text: &str) -> Result<Value<'_>, ParseError> {
    let mut p = Parser {
        src: text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    p.skip_ws();
    let value = p.value(0)?;
    p.skip_ws();
    if p.pos != p.bytes.len() {
        return Err(p.fail("trailing characters after the JSON value"));
    }
    Ok(value)
}

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Parser<'a> {
    fn fail(&self, reason: &'static str) -> ParseError {
        ParseError {
            at: self.pos,
            // The shipped wasm never shows the reason (a bad body is just "not JSON"): keep its ~400 bytes out.
            reason: if cfg!(all(
                target_arch = "wasm32",
                feature = "tiny",
                not(feature = "std")
            )) {
                ""
            } else {
                reason
            },
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// The text between two scan positions. The parser only stops on ASCII bytes, so these are char boundaries;
    /// `get` instead of indexing keeps the panic (and its formatting code) out of the wasm.
    fn text(&self, from: usize, to: usize) -> &'a str {
        self.src.get(from..to).unwrap_or("")
    }

    fn rest_starts_with(&self, s: &[u8]) -> bool {
        self.bytes
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(s))
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn expect_word(&mut self, word: &str, value: Value<'a>) -> Result<Value<'a>, ParseError> {
        if self.rest_starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.fail("unexpected character"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value<'a>, ParseError> {
        match self.peek() {
            None => Err(self.fail("unexpected end of input")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.expect_word("true", Value::Bool(true)),
            Some(b'f') => self.expect_word("false", Value::Bool(false)),
            Some(b'n') => self.expect_word("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.fail("unexpected character")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.fail("nesting too deep"));
        }
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.fail("expected a string key"));
            }
            let key = self.string()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.fail("expected ':'"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth)?;
            members.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.fail("expected ',' or '}'")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.fail("nesting too deep"));
        }
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.fail("expected ',' or ']'")),
            }
        }
    }

    /// Validate a number against the JSON grammar and keep its text.
    fn number(&mut self) -> Result<Value<'a>, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.fail("expected a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.fail("expected a digit after '.'"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.fail("expected a digit in the exponent"));
            }
            self.digits();
        }
        // The scanned bytes are ASCII, so the slice falls on char boundaries.
        Ok(Value::Number(Cow::Borrowed(self.text(start, self.pos))))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    /// A string starting at the opening quote. Borrowed when it holds no escape.
    fn string(&mut self) -> Result<Cow<'a, str>, ParseError> {
        self.pos += 1;
        let start = self.pos;
        // Fast path: scan to the closing quote; input is already valid UTF-8.
        loop {
            match self.peek() {
                None => return Err(self.fail("unterminated string")),
                Some(b'"') => {
                    let s = self.text(start, self.pos);
                    self.pos += 1;
                    return Ok(Cow::Borrowed(s));
                }
                Some(b'\\') => break,
                Some(0..=0x1f) => return Err(self.fail("control character in string")),
                Some(_) => self.pos += 1,
            }
        }
        let mut out = String::with_capacity(self.pos - start + 16);
        out.push_str(self.text(start, self.pos));
        loop {
            match self.peek() {
                None => return Err(self.fail("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                Some(0..=0x1f) => return Err(self.fail("control character in string")),
                Some(_) => {
                    let run = self.pos;
                    while let Some(b) = self.peek() {
                        if b == b'"' || b == b'\\' || b < 0x20 {
                            break;
                        }
                        self.pos += 1;
                    }
                    out.push_str(self.text(run, self.pos));
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), ParseError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let unit = self.hex4()?;
                let c = match unit {
                    0xD800..=0xDBFF => {
                        if !self.rest_starts_with(b"\\u") {
                            return Err(self.fail("lone surrogate in string"));
                        }
                        self.pos += 2;
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.fail("lone surrogate in string"));
                        }
                        let code = 0x10000
                            + ((u32::from(unit) - 0xD800) << 10)
                            + (u32::from(low) - 0xDC00);
                        char::from_u32(code)
                    }
                    0xDC00..=0xDFFF => None,
                    _ => char::from_u32(u32::from(unit)),
                };
                out.push(c.ok_or_else(|| self.fail("lone surrogate in string"))?);
                return Ok(());
            }
            _ => return Err(self.fail("invalid escape")),
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u16, ParseError> {
        let mut unit: u16 = 0;
        for _ in 0..4 {
            let digit = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.fail("expected four hex digits")),
            };
            unit = unit * 16 + u16::from(digit);
            self.pos += 1;
        }
        Ok(unit)
    }
}

/// The exact integer a JSON number denotes, computed without a float parser. Handles fractions of zeros and
/// exponents (`1.5e3`), refuses anything that is not a whole number or does not fit i64.
fn integer_value(text: &str) -> Option<i64> {
    // Bytes and `get` only (no `str::find` pattern machinery, no panicking slices): this runs per timestamp.
    let bytes = text.as_bytes();
    let (negative, rest) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    let (mantissa, exponent) = match rest.iter().position(|&c| c == b'e' || c == b'E') {
        Some(i) => (rest.get(..i)?, exponent_value(rest.get(i + 1..)?)?),
        None => (rest, 0),
    };
    let (int_part, frac_part): (&[u8], &[u8]) = match mantissa.iter().position(|&c| c == b'.') {
        Some(i) => (mantissa.get(..i)?, mantissa.get(i + 1..)?),
        None => (mantissa, &[]),
    };
    // digits = int_part ++ frac_part, scaled by 10^(exponent - frac_len).
    let shift = i64::from(exponent) - frac_part.len() as i64;
    let total = int_part.len() + frac_part.len();
    let keep = if shift >= 0 {
        total
    } else {
        let drop = usize::try_from(-shift).ok()?;
        if drop > total {
            // Everything is fractional: only zero is whole.
            return if int_part.iter().chain(frac_part).all(|&b| b == b'0') {
                Some(0)
            } else {
                None
            };
        }
        total - drop
    };
    // The magnitude, at most 2^63 (i64::MIN's); u64 arithmetic, no i128.
    const LIMIT: u64 = 1 << 63;
    let mut value: u64 = 0;
    for (i, &b) in int_part.iter().chain(frac_part).enumerate() {
        let d = u64::from(b.wrapping_sub(b'0'));
        if i < keep {
            value = value.checked_mul(10)?.checked_add(d)?;
            if value > LIMIT {
                return None;
            }
        } else if d != 0 {
            return None;
        }
    }
    if shift > 0 && value != 0 {
        for _ in 0..shift {
            value = value.checked_mul(10)?;
            if value > LIMIT {
                return None;
            }
        }
    }
    if negative {
        // 0..=2^63 negated always fits.
        Some(0i64.wrapping_sub_unsigned(value))
    } else {
        i64::try_from(value).ok()
    }
}

/// A JSON exponent (`+5`, `-12`, `7`) as an i32; `None` when it does not fit (as `str::parse::<i32>` would).
fn exponent_value(text: &[u8]) -> Option<i32> {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    };
    if digits.is_empty() {
        return None;
    }
    let mut value: i64 = 0;
    for &b in digits {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value * 10 + i64::from(b - b'0');
        if value > 1 << 31 {
            return None;
        }
    }
    i32::try_from(if negative { -value } else { value }).ok()
}

/// Appends JSON text to a buffer. Used to hand decoded models to JS in one string, and to build request bodies.
#[derive(Default)]
pub struct Writer {
    pub out: String,
}

impl Writer {
    pub fn with_capacity(n: usize) -> Self {
        Writer {
            out: String::with_capacity(n),
        }
    }

    pub fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// A quoted, escaped JSON string. Only `"`, `\` and control characters need escaping; the output stays UTF-8.
    pub fn string(&mut self, s: &str) {
        self.out.push('"');
        let mut run = 0;
        for (i, b) in s.bytes().enumerate() {
            let esc: &str = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0..=0x1f => "",
                _ => continue,
            };
            self.out.push_str(s.get(run..i).unwrap_or(""));
            if esc.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.out.push_str("\\u00");
                self.out.push(char::from(HEX[usize::from(b >> 4)]));
                self.out.push(char::from(HEX[usize::from(b & 15)]));
            } else {
                self.out.push_str(esc);
            }
            run = i + 1;
        }
        self.out.push_str(s.get(run..).unwrap_or(""));
        self.out.push('"');
    }

    pub fn opt_string(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.string(s),
            None => self.raw("null"),
        }
    }

    pub fn int(&mut self, n: i64) {
        push_int(&mut self.out, n);
    }

    pub fn opt_int(&mut self, n: Option<i64>) {
        match n {
            Some(n) => self.int(n),
            None => self.raw("null"),
        }
    }

    pub fn bool(&mut self, b: bool) {
        self.raw(if b { "true" } else { "false" });
    }

    /// Write `"key":` after a `{` or a `,` the caller placed.
    pub fn key(&mut self, key: &str) {
        self.string(key);
        self.out.push(':');
    }

    pub fn value(&mut self, v: &Value<'_>) {
        match v {
            Value::Null => self.raw("null"),
            Value::Bool(b) => self.bool(*b),
            Value::Number(n) => self.raw(n),
            Value::String(s) => self.string(s),
            Value::Array(items) => {
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.value(item);
                }
                self.out.push(']');
            }
            Value::Object(members) => {
                self.out.push('{');
                for (i, (k, item)) in members.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.key(k);
                    self.value(item);
                }
                self.out.push('}');
            }
        }
    }
}

/// `[a, b, c].cat()`: `concat` for string pieces, in one small non-generic function (std's `concat` goes through
/// `join_generic_copy` with its overflow panic, more wasm for the same result).
pub trait Cat {
    fn cat(&self) -> String;
}

impl Cat for [&str] {
    #[inline(never)]
    fn cat(&self) -> String {
        let mut out = String::with_capacity(self.iter().map(|s| s.len()).sum());
        for s in self {
            out.push_str(s);
        }
        out
    }
}

/// Decimal digits of an integer without the `core::fmt` machinery (smaller wasm).
pub fn push_int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    // Most significant digit first, without a digit buffer: no indexing, so no bounds-check panic (whose
    // message formatting would keep `core::fmt`'s integer printing in the wasm).
    let v = n.unsigned_abs();
    let mut div: u64 = 1;
    while v / div >= 10 {
        div *= 10;
    }
    loop {
        out.push(char::from(b'0' + (v / div % 10) as u8));
        if div == 1 {
            break;
        }
        div /= 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Value<'_> {
        parse(s).unwrap()
    }

    #[test]
    fn parses_scalars_and_whitespace() {
        assert_eq!(p(" null "), Value::Null);
        assert_eq!(p("true"), Value::Bool(true));
        assert_eq!(p("\t\nfalse\r\n"), Value::Bool(false));
        assert_eq!(p("\"hi\"").as_str(), Some("hi"));
        assert_eq!(p("-12").as_i64(), Some(-12));
    }

    #[test]
    fn parses_nested_structures_in_order() {
        let v = p(r#"{"a":[1,{"b":null}],"c":"d","a":2}"#);
        assert_eq!(v.get("c").and_then(Value::as_str), Some("d"));
        // First member wins when a key repeats.
        assert!(v.get("a").and_then(Value::as_array).is_some());
        assert_eq!(p("[]"), Value::Array(vec![]));
        assert_eq!(p("{}"), Value::Object(vec![]));
    }

    #[test]
    fn decodes_escapes_and_surrogate_pairs() {
        let v = p(r#""a\"b\\c\/d\b\f\n\r\t\u00e9\u20ac\ud83d\ude00""#);
        assert_eq!(
            v.as_str(),
            Some("a\"b\\c/d\u{8}\u{c}\n\r\t\u{e9}\u{20ac}\u{1F600}")
        );
        // Raw (unescaped) multibyte UTF-8 passes through and stays borrowed.
        match p("\"日本\u{1F600}\"") {
            Value::String(Cow::Borrowed(s)) => assert_eq!(s, "日本\u{1F600}"),
            other => panic!("expected a borrowed string, got {other:?}"),
        }
    }

    #[test]
    fn rejects_lone_surrogates_and_bad_escapes() {
        for bad in [
            r#""\ud83d""#,
            r#""\ud83dx""#,
            r#""\ud83d\u0041""#,
            r#""\ude00""#,
            r#""\x""#,
            r#""\u12g4""#,
            r#""\u12""#,
        ] {
            assert!(parse(bad).is_err(), "{bad} should fail");
        }
    }

    #[test]
    fn rejects_malformed_documents() {
        for bad in [
            "",
            " ",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "{a:1}",
            "[1 2]",
            "tru",
            "nul",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "1e+",
            "+1",
            "\"abc",
            "\"a\u{1}b\"",
            "[1]x",
            "{\"a\" 1}",
            "NaN",
            "Infinity",
            "'a'",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should fail");
        }
    }

    #[test]
    fn keeps_number_text_and_reads_integers_exactly() {
        assert_eq!(p("1755600000000").as_i64(), Some(1_755_600_000_000));
        assert_eq!(p("1.7556e12").as_i64(), Some(1_755_600_000_000));
        assert_eq!(p("12.000").as_i64(), Some(12));
        assert_eq!(p("0.0").as_i64(), Some(0));
        assert_eq!(p("-0").as_i64(), Some(0));
        assert_eq!(p("9223372036854775807").as_i64(), Some(i64::MAX));
        assert_eq!(p("-9223372036854775808").as_i64(), Some(i64::MIN));
        assert_eq!(p("9223372036854775808").as_i64(), None);
        assert_eq!(p("1.5").as_i64(), None);
        assert_eq!(p("15e-1").as_i64(), None);
        assert_eq!(p("150e-1").as_i64(), Some(15));
        assert_eq!(p("1e400").as_i64(), None);
        assert_eq!(p("1e-400").as_i64(), None);
        assert_eq!(p("0e-400").as_i64(), Some(0));
        // A huge exponent on zero must not loop for billions of steps.
        assert_eq!(p("0e2147483647").as_i64(), Some(0));
        assert_eq!(p("1e2147483647").as_i64(), None);
        assert_eq!(p("\"1\"").as_i64(), None);
        assert_eq!(p("2.5E+3"), Value::Number(Cow::Borrowed("2.5E+3")));
    }

    #[test]
    fn limits_nesting_depth() {
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(parse(&deep).unwrap_err().reason, "nesting too deep");
        let deep_obj = "{\"a\":".repeat(MAX_DEPTH + 1) + "1" + &"}".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep_obj).is_err());
        // A very deep input fails fast instead of overflowing the stack.
        assert!(parse(&"[".repeat(1_000_000)).is_err());
    }

    #[test]
    fn writer_escapes_and_round_trips() {
        let mut w = Writer::default();
        w.string("a\"b\\c\nd\u{1}e\u{1f}日\u{1F600}");
        assert_eq!(w.out, r#""a\"b\\c\nd\u0001e\u001f日😀""#);
        assert_eq!(
            parse(&w.out).unwrap().as_str(),
            Some("a\"b\\c\nd\u{1}e\u{1f}日\u{1F600}")
        );

        let src = r#"{"k":[1,2.5e3,-0.1,true,null,"x\u0000"],"o":{}}"#;
        let mut w = Writer::default();
        w.value(&p(src));
        assert_eq!(w.out, r#"{"k":[1,2.5e3,-0.1,true,null,"x\u0000"],"o":{}}"#);
    }

    #[test]
    fn push_int_handles_extremes() {
        for n in [0, 7, -7, 10, 1_755_600_000_000, i64::MAX, i64::MIN] {
            let mut s = String::new();
            push_int(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }
}
