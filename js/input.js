// Lone surrogates cannot be encoded as UTF-8: strings holding them are refused instead of silently mangled.
// isWellFormed is ES2024; the regex covers older engines.
export function isWellFormed(s) {
  return typeof s.isWellFormed === 'function'
    ? s.isWellFormed()
    : !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}
