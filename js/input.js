// Lone surrogates cannot be encoded as UTF-8: strings holding them are refused instead of silently mangled.
// isWellFormed is ES2024; the regex covers older engines.
export function isWellFormed(s) {
  return typeof s.isWellFormed === 'function'
    ? s.isWellFormed()
    : !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

// `location.origin` of the page or worker, for a relative proxyUrl; undefined where there is none.
export function pageOrigin() {
  const l = globalThis.location;
  return l !== null && typeof l === 'object' && typeof l.origin === 'string' ? l.origin : undefined;
}

// An own key of obj other than `key` that equals it ignoring ASCII case (`apiKeyId` for `apiKeyID`), so the error
// can name the look-alike the caller used; undefined when there is none or the keys cannot be listed (a proxy's
// ownKeys trap may throw).
export function nearMiss(obj, key) {
  const lower = (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  try {
    return Object.keys(obj).find((k) => k !== key && lower(k) === lower(key));
  } catch {
    return undefined;
  }
}
