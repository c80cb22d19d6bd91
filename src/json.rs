//! A small JSON reader and writer, written here so that the wasm carries no serde_json (issue 5's size budget).
//!
//! The reader pulls: decoders walk a body once, reading the members they know and skipping (while checking) the
//! rest, with no tree in between. Strings borrow from the input unless they hold escapes, numbers are read from
//! their source text (no float parser), and nested values the SDK passes through (`claims`, error `meta`) are
//! kept as the exact text the server sent.

use alloc::borrow::Cow;
use alloc::string::String;

/// Nesting deeper than this is refused: skipping recurses, and a hostile body must not exhaust the stack.
pub const MAX_DEPTH: usize = 64;

/// Why a text is not JSON; `at` is a byte offset into the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub at: usize,
    pub reason: &'static str,
}

/// A pull reader: the caller walks the document (objects by key, arrays by item) and reads or skips each value,
/// so decoding a page builds no tree and looks up no member twice. Everything read or skipped is checked against
/// the JSON grammar; [`Reader::end`] checks that nothing follows the document.
pub struct Reader<'a> {
    src: &'a str,
    pos: usize,
    /// Just entered an object or array: the next member or item takes no leading comma.
    first: bool,
}

impl<'a> Reader<'a> {
    pub fn new(src: &'a str) -> Self {
        Reader {
            src,
            pos: 0,
            first: false,
        }
    }

    pub fn fail(&self, reason: &'static str) -> ParseError {
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

    // The few helpers every token goes through are inlined by force: the size-optimised build would otherwise
    // call them. Measured on a 500-key page (node, builds interleaved): about 15% less time, for 127 B gzipped.
    // So are the three every member goes through (`member`, `more`, `name_is`): the page's Rust read 7% quicker
    // in Chromium (0.340 -> 0.315 ms), for 41 B. And the string path (`raw`, `scan_string`, `skip_plain`), with
    // `WireKey::value` for the writer: 0.325 -> 0.275 ms, for 1.1 KB (issue 5: the end-to-end row).
    #[inline(always)]
    fn byte(&self) -> Option<u8> {
        self.src.as_bytes().get(self.pos).copied()
    }

    /// The first byte of the next value (after whitespace), which tells its type: `{ [ " t f n - 0-9`.
    #[inline(always)]
    pub fn peek(&mut self) -> Option<u8> {
        match self.byte() {
            Some(b) if b > b' ' => Some(b),
            _ => self.peek_past_space(),
        }
    }

    fn peek_past_space(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.byte() {
            self.pos += 1;
        }
        self.byte()
    }

    /// The text between two scan positions. The reader only stops on ASCII bytes, so these are char boundaries;
    /// `get` instead of indexing keeps the panic (and its formatting code) out of the wasm.
    #[inline(always)]
    fn text(&self, from: usize, to: usize) -> &'a str {
        self.src.get(from..to).unwrap_or("")
    }

    /// Enters the object (`b'{'`) or array (`b'['`) that comes next; `false`, consuming nothing, if another
    /// value comes instead.
    pub fn enter(&mut self, open: u8) -> bool {
        let entered = self.peek() == Some(open);
        if entered {
            self.pos += 1;
            self.first = true;
        }
        entered
    }

    /// The next member's key of the object being read (its value comes next), or `None` past its `}`.
    pub fn key(&mut self) -> Result<Option<Cow<'a, str>>, ParseError> {
        if !self.member()? {
            return Ok(None);
        }
        self.name().map(Some)
    }

    /// Whether the object being read has another member; `false` past its `}`. Its key comes next: read it
    /// with [`Reader::name`], or try [`Reader::name_is`] first.
    #[inline(always)]
    pub fn member(&mut self) -> Result<bool, ParseError> {
        self.more(b'}')
    }

    /// The member's key (after [`Reader::member`]) and its `:`.
    pub fn name(&mut self) -> Result<Cow<'a, str>, ParseError> {
        let key = self.string()?;
        if self.peek() != Some(b':') {
            return Err(self.fail("expected ':'"));
        }
        self.pos += 1;
        Ok(key)
    }

    /// Whether the member's key (right after [`Reader::member`]) is written exactly `"name":`; if so, reads past
    /// it. A decoder that knows which key usually comes next tries it first: one comparison instead of scanning
    /// the key and looking it up (issue 5: decode). Anything else (escapes, spaces) is left to [`Reader::name`].
    #[inline(always)]
    pub fn name_is(&mut self, name: &str) -> bool {
        let rest = self.src.as_bytes().get(self.pos..).unwrap_or_default();
        let hit = rest.first() == Some(&b'"')
            && rest
                .get(1..)
                .unwrap_or_default()
                .starts_with(name.as_bytes())
            && rest
                .get(1 + name.len()..)
                .unwrap_or_default()
                .starts_with(b"\":");
        if hit {
            self.pos += name.len() + 3;
        }
        hit
    }

    /// Whether the array being read has another item (which comes next); `false` past its `]`.
    pub fn item(&mut self) -> Result<bool, ParseError> {
        self.more(b']')
    }

    #[inline(always)]
    fn more(&mut self, close: u8) -> Result<bool, ParseError> {
        let first = core::mem::replace(&mut self.first, false);
        match self.peek() {
            Some(c) if c == close => {
                self.pos += 1;
                Ok(false)
            }
            Some(b',') if !first => {
                self.pos += 1;
                Ok(true)
            }
            _ if first => Ok(true),
            _ => Err(self.fail("expected ',' or a closing bracket")),
        }
    }

    /// Checks that only whitespace follows the document.
    pub fn end(&mut self) -> Result<(), ParseError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.fail("trailing characters after the JSON value")),
        }
    }

    /// The byte offset of the position (with [`Reader::since`], for a value read in parts).
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// How many bytes are left to read.
    pub fn remaining(&self) -> usize {
        self.src.len().saturating_sub(self.pos)
    }

    /// The source text from `start` (an earlier [`Reader::offset`]) to the position.
    pub fn since(&self, start: usize) -> &'a str {
        self.text(start, self.pos)
    }

    /// Reads past the next value, checking it.
    pub fn skip(&mut self) -> Result<(), ParseError> {
        self.skip_nested(0)
    }

    /// The next value's exact source text, checked.
    #[inline(always)]
    pub fn raw(&mut self) -> Result<&'a str, ParseError> {
        let first = self.peek();
        let start = self.pos;
        if first == Some(b'"') {
            self.scan_string()?;
        } else {
            self.skip()?;
        }
        Ok(self.text(start, self.pos))
    }

    fn skip_nested(&mut self, depth: usize) -> Result<(), ParseError> {
        match self.peek() {
            Some(open @ (b'{' | b'[')) => {
                if depth >= MAX_DEPTH {
                    return Err(self.fail("nesting too deep"));
                }
                self.enter(open);
                if open == b'{' {
                    while self.key()?.is_some() {
                        self.skip_nested(depth + 1)?;
                    }
                } else {
                    while self.item()? {
                        self.skip_nested(depth + 1)?;
                    }
                }
                Ok(())
            }
            Some(b'"') => self.scan_string().map(drop),
            Some(b't') => self.word(4, *b"true"),
            Some(b'f') => self.word(5, *b"alse"),
            Some(b'n') => self.word(4, *b"null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            None => Err(self.fail("unexpected end of input")),
            Some(_) => Err(self.fail("unexpected character")),
        }
    }

    /// Reads past `true`, `false` or `null`, `len` bytes (the caller saw the first): their last four bytes are
    /// compared as one word, not byte by byte (issue 5: decode).
    fn word(&mut self, len: usize, tail: [u8; 4]) -> Result<(), ParseError> {
        let end = self.pos + len;
        let got = self.src.as_bytes().get(end - 4..end);
        if got.and_then(|b| <[u8; 4]>::try_from(b).ok()) == Some(tail) {
            self.pos = end;
            Ok(())
        } else {
            Err(self.fail("unexpected character"))
        }
    }

    /// Checks a number against the JSON grammar (its text is what [`Reader::raw`] returns).
    fn number(&mut self) -> Result<(), ParseError> {
        if self.byte() == Some(b'-') {
            self.pos += 1;
        }
        match self.byte() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.fail("expected a digit")),
        }
        if self.byte() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.byte(), Some(b'0'..=b'9')) {
                return Err(self.fail("expected a digit after '.'"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.byte() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.byte() {
                self.pos += 1;
            }
            if !matches!(self.byte(), Some(b'0'..=b'9')) {
                return Err(self.fail("expected a digit in the exponent"));
            }
            self.digits();
        }
        Ok(())
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.byte() {
            self.pos += 1;
        }
    }

    /// Moves to the first `"`, `\` or control character at or after the position (or to the end), eight bytes
    /// at a time: string bodies are most of a page's bytes.
    #[inline(always)]
    fn skip_plain(&mut self) {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        // Flags (in its high bit) each byte of `w` that is zero; the lowest flag is always a true one.
        let zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGH;
        let rest = self.src.as_bytes().get(self.pos..).unwrap_or_default();
        let mut chunks = rest.chunks_exact(8);
        for chunk in &mut chunks {
            // Always 8 bytes; `try_into` rather than `copy_from_slice`, whose length check can panic.
            let w = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            // `w - 0x20…` flags bytes below 0x20 (high bit clear), as `zero` does for 0.
            let hits = zero(w ^ (ONES * u64::from(b'"')))
                | zero(w ^ (ONES * u64::from(b'\\')))
                | (w.wrapping_sub(ONES * 0x20) & !w & HIGH);
            if hits != 0 {
                self.pos += (hits.trailing_zeros() / 8) as usize;
                return;
            }
            self.pos += 8;
        }
        for &b in chunks.remainder() {
            if b == b'"' || b == b'\\' || b < 0x20 {
                return;
            }
            self.pos += 1;
        }
    }

    /// Reads past a string (the caller saw its `"`), checking its escapes; returns the text between the quotes
    /// as it stands in the source, and whether it holds an escape.
    #[inline(always)]
    fn scan_string(&mut self) -> Result<(&'a str, bool), ParseError> {
        self.pos += 1;
        let start = self.pos;
        let mut escaped = false;
        loop {
            self.skip_plain();
            match self.byte() {
                Some(b'"') => {
                    let s = self.text(start, self.pos);
                    self.pos += 1;
                    return Ok((s, escaped));
                }
                Some(b'\\') => {
                    escaped = true;
                    self.pos += 1;
                    // Unescaped into a scratch buffer only to check it; strings with escapes are rare.
                    self.escape(&mut String::new())?;
                }
                Some(_) => return Err(self.fail("control character in string")),
                None => return Err(self.fail("unterminated string")),
            }
        }
    }

    /// The string that comes next, unescaped; borrowed when it holds no escape.
    pub fn string(&mut self) -> Result<Cow<'a, str>, ParseError> {
        if self.peek() != Some(b'"') {
            return Err(self.fail("expected a string"));
        }
        let (raw, escaped) = self.scan_string()?;
        if !escaped {
            return Ok(Cow::Borrowed(raw));
        }
        // Checked already: unescape it from its own text.
        let mut r = Reader::new(raw);
        let mut out = String::with_capacity(raw.len());
        loop {
            let run = r.pos;
            r.skip_plain();
            out.push_str(r.text(run, r.pos));
            if r.byte().is_none() {
                return Ok(Cow::Owned(out));
            }
            r.pos += 1;
            r.escape(&mut out)?;
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), ParseError> {
        let c = match self.byte() {
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
                        if self.byte() != Some(b'\\') {
                            return Err(self.fail("lone surrogate in string"));
                        }
                        self.pos += 1;
                        if self.byte() != Some(b'u') {
                            return Err(self.fail("lone surrogate in string"));
                        }
                        self.pos += 1;
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
            let digit = match self.byte() {
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

/// Checks that `text` is one JSON document (whitespace may surround it).
pub fn validate(text: &str) -> Result<(), ParseError> {
    let mut r = Reader::new(text);
    r.skip()?;
    r.end()
}

/// The exact integer a JSON number denotes, computed without a float parser. Handles fractions of zeros and
/// exponents (`1.5e3`), refuses anything that is not a whole number or does not fit i64.
pub fn integer_value(text: &str) -> Option<i64> {
    // Bytes and `get` only (no `str::find` pattern machinery, no panicking slices): this runs per timestamp.
    let bytes = text.as_bytes();
    // The common case, plain digits short enough not to overflow, in one loop that also checks them (wrapping:
    // a non-digit's value is thrown away).
    if bytes.len() <= 18 && !bytes.is_empty() {
        let mut digits = true;
        let mut n: i64 = 0;
        for &b in bytes {
            digits &= b.is_ascii_digit();
            n = n
                .wrapping_mul(10)
                .wrapping_add(i64::from(b.wrapping_sub(b'0')));
        }
        if digits {
            return Some(n);
        }
    }
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

    pub fn int(&mut self, n: i64) {
        push_int(&mut self.out, n);
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

    /// Every value of the document, depth-first, as (kind byte, raw text): exercises enter/key/item/raw.
    fn walk(text: &str) -> Result<Vec<String>, ParseError> {
        fn value(r: &mut Reader<'_>, out: &mut Vec<String>) -> Result<(), ParseError> {
            if r.enter(b'{') {
                out.push("{".into());
                while let Some(k) = r.key()? {
                    out.push(format!("key {k}"));
                    value(r, out)?;
                }
            } else if r.enter(b'[') {
                out.push("[".into());
                while r.item()? {
                    value(r, out)?;
                }
            } else if r.peek() == Some(b'"') {
                out.push(format!("str {}", r.string()?));
            } else {
                out.push(r.raw()?.into());
            }
            Ok(())
        }
        let mut r = Reader::new(text);
        let mut out = Vec::new();
        value(&mut r, &mut out)?;
        r.end()?;
        Ok(out)
    }

    fn string(text: &str) -> Result<Cow<'_, str>, ParseError> {
        let mut r = Reader::new(text);
        assert_eq!(r.peek(), Some(b'"'));
        let s = r.string()?;
        r.end()?;
        Ok(s)
    }

    #[test]
    fn walks_objects_arrays_and_scalars_in_order() {
        assert_eq!(
            walk(r#" {"a":[1,{"b":null}], "c":"d","e":{},"f":[],"a":-2.5e3} "#).unwrap(),
            [
                "{", "key a", "[", "1", "{", "key b", "null", "key c", "str d", "key e", "{",
                "key f", "[", "key a", "-2.5e3"
            ]
        );
        assert_eq!(walk("\t\ntrue\r\n").unwrap(), ["true"]);
        assert_eq!(walk("false").unwrap(), ["false"]);
    }

    #[test]
    fn raw_keeps_the_source_text_and_skip_checks_it() {
        let mut r = Reader::new(r#"{"claims": {"x" : [1, 2.5e3, "\u00e9"]}, "n": 7}"#);
        assert!(r.enter(b'{'));
        assert_eq!(r.key().unwrap().as_deref(), Some("claims"));
        assert_eq!(r.raw().unwrap(), r#"{"x" : [1, 2.5e3, "\u00e9"]}"#);
        assert_eq!(r.key().unwrap().as_deref(), Some("n"));
        r.skip().unwrap();
        assert_eq!(r.key().unwrap(), None);
        r.end().unwrap();
        let mut r = Reader::new(r#"[{"x":tru}]"#);
        assert!(r.enter(b'['));
        assert!(r.item().unwrap());
        assert!(r.skip().is_err());
    }

    #[test]
    fn name_is_matches_only_the_key_written_exactly() {
        // (document, name tried, matched, the key `name` then reads when not matched)
        let cases = [
            (r#"{"id":1}"#, "id", true, ""),
            (r#"{ "id":1}"#, "id", true, ""),
            (r#"{"id" :1}"#, "id", false, "id"),
            (r#"{"idx":1}"#, "id", false, "idx"),
            (r#"{"i":1}"#, "id", false, "i"),
            (r#"{"i\u0064":1}"#, "id", false, "id"),
            (r#"{"name":1}"#, "id", false, "name"),
        ];
        for (doc, name, matched, fallback) in cases {
            let mut r = Reader::new(doc);
            assert!(r.enter(b'{'));
            assert!(r.member().unwrap());
            assert_eq!(r.name_is(name), matched, "{doc}");
            if !matched {
                assert_eq!(r.name().unwrap(), fallback, "{doc}");
            }
            assert_eq!(r.raw().unwrap(), "1", "{doc}");
            assert!(!r.member().unwrap());
        }
        // Cut short: no match, and the error comes from reading the key.
        for doc in [r#"{"id"#, r#"{"id""#, r#"{"#] {
            let mut r = Reader::new(doc);
            assert!(r.enter(b'{'));
            if r.member().is_ok() {
                assert!(!r.name_is("id"), "{doc}");
                assert!(r.name().is_err(), "{doc}");
            }
        }
    }

    #[test]
    fn decodes_escapes_and_surrogate_pairs() {
        assert_eq!(
            string(r#""a\"b\\c\/d\b\f\n\r\t\u00e9\u20ac\ud83d\ude00""#).unwrap(),
            "a\"b\\c/d\u{8}\u{c}\n\r\t\u{e9}\u{20ac}\u{1F600}"
        );
        // Raw (unescaped) multibyte UTF-8 passes through and stays borrowed.
        match string("\"日本\u{1F600}\"").unwrap() {
            Cow::Borrowed(s) => assert_eq!(s, "日本\u{1F600}"),
            other => panic!("expected a borrowed string, got {other:?}"),
        }
    }

    #[test]
    fn string_scanning_finds_quotes_escapes_and_control_characters_at_every_offset() {
        // Multibyte UTF-8 (high bytes) and characters just above the control range must not stop the scan.
        let filler = ["a", "é", "日", "\u{1F600}", " ", "\u{7f}", "!"];
        for len in 0..24 {
            let body: String = (0..len).map(|i| filler[i % filler.len()]).collect();
            let text = format!("\"{body}\"");
            assert_eq!(string(&text).unwrap(), body, "{text:?}");
            assert_eq!(validate(&text), Ok(()));
            for cut in (0..=body.len()).filter(|&i| body.is_char_boundary(i)) {
                let (a, b) = body.split_at(cut);
                let escaped = format!("\"{a}\\n\\\"{b}\"");
                assert_eq!(
                    string(&escaped).unwrap(),
                    format!("{a}\n\"{b}"),
                    "{escaped:?}"
                );
                for bad in ["\u{1}", "\u{1f}", "\n"] {
                    let text = format!("\"{a}{bad}{b}\"");
                    assert!(validate(&text).is_err(), "{text:?}");
                }
                assert!(validate(&format!("\"{a}")).is_err());
            }
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
            assert!(string(bad).is_err(), "{bad} should fail");
            assert!(validate(bad).is_err(), "{bad} should fail");
        }
    }

    #[test]
    fn rejects_malformed_documents() {
        for bad in [
            "",
            " ",
            "{",
            "[",
            "[1,]",
            "[,1]",
            "{,}",
            "{\"a\":1,}",
            "{\"a\":1 \"b\":2}",
            "{a:1}",
            "[1 2]",
            "tru",
            "nul",
            "fals",
            "t",
            "f",
            "n",
            "trUe",
            "falsy",
            "nulll",
            "[tru]",
            "[fals]",
            "{\"a\":nul}",
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
            "{\"a\":}",
            "NaN",
            "Infinity",
            "'a'",
        ] {
            assert!(validate(bad).is_err(), "{bad:?} should fail");
            assert!(walk(bad).is_err(), "{bad:?} should fail");
        }
        for good in [
            "{}",
            "[]",
            "[[],{}]",
            " 0 ",
            "-0.0e-0",
            "\"\"",
            "{\"\":\"\"}",
            "true",
            "false",
            "null",
            "[true,false,null]",
        ] {
            assert!(validate(good).is_ok(), "{good:?} should pass");
        }
    }

    #[test]
    fn reads_integers_exactly() {
        let int = integer_value;
        assert_eq!(int("1755600000000"), Some(1_755_600_000_000));
        assert_eq!(int("1.7556e12"), Some(1_755_600_000_000));
        assert_eq!(int("12.000"), Some(12));
        assert_eq!(int("0.0"), Some(0));
        assert_eq!(int("-0"), Some(0));
        assert_eq!(int("-12"), Some(-12));
        assert_eq!(int("999999999999999999"), Some(999_999_999_999_999_999));
        assert_eq!(int("9223372036854775807"), Some(i64::MAX));
        assert_eq!(int("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(int("9223372036854775808"), None);
        assert_eq!(int("1.5"), None);
        assert_eq!(int("15e-1"), None);
        assert_eq!(int("150e-1"), Some(15));
        assert_eq!(int("2.5E+3"), Some(2500));
        assert_eq!(int("1e400"), None);
        assert_eq!(int("1e-400"), None);
        assert_eq!(int("0e-400"), Some(0));
        // A huge exponent on zero must not loop for billions of steps.
        assert_eq!(int("0e2147483647"), Some(0));
        assert_eq!(int("1e2147483647"), None);
    }

    #[test]
    fn limits_nesting_depth() {
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(validate(&ok).is_ok());
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(validate(&deep).unwrap_err().reason, "nesting too deep");
        let deep_obj = "{\"a\":".repeat(MAX_DEPTH + 1) + "1" + &"}".repeat(MAX_DEPTH + 1);
        assert!(validate(&deep_obj).is_err());
        // A very deep input fails fast instead of overflowing the stack.
        assert!(validate(&"[".repeat(1_000_000)).is_err());
    }

    #[test]
    fn writer_escapes_and_round_trips() {
        let mut w = Writer::default();
        w.string("a\"b\\c\nd\u{1}e\u{1f}日\u{1F600}");
        assert_eq!(w.out, r#""a\"b\\c\nd\u0001e\u001f日😀""#);
        assert_eq!(string(&w.out).unwrap(), "a\"b\\c\nd\u{1}e\u{1f}日\u{1F600}");
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
