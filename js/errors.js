// The SDK's error classes: real Error subclasses (so `instanceof` and stack traces work), shaped like clerk-js'
// ClerkAPIResponseError / ClerkRuntimeError. The wasm constructs them through the factories below and the
// generated module re-exports the classes and guards.

export class ClerkAPIResponseError extends Error {
  constructor(message, { status, errors = [], clerkTraceId, retryAfter } = {}) {
    super(message);
    this.name = 'ClerkAPIResponseError';
    this.code = 'api_response_error';
    this.clerkError = true;
    this.status = status;
    this.errors = errors;
    if (clerkTraceId !== undefined) this.clerkTraceId = clerkTraceId;
    if (retryAfter !== undefined) this.retryAfter = retryAfter;
  }
}

export class ClerkRuntimeError extends Error {
  constructor(message, { code } = {}) {
    super(message);
    this.name = 'ClerkRuntimeError';
    this.code = code;
    this.clerkError = true;
  }
}

export function isClerkAPIResponseError(err) {
  return err instanceof ClerkAPIResponseError;
}

export function isClerkRuntimeError(err) {
  return err instanceof ClerkRuntimeError;
}

export function apiError(message, status, errorsJson, clerkTraceId, retryAfter) {
  return new ClerkAPIResponseError(message, {
    status,
    errors: JSON.parse(errorsJson),
    clerkTraceId,
    retryAfter,
  });
}

export function runtimeError(message, code) {
  return new ClerkRuntimeError(message, { code });
}

export function abortError() {
  return new DOMException('The operation was aborted.', 'AbortError');
}
