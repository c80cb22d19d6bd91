import type { SdkModule } from './sdk';

export function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** Put any failure into words a user can act on. */
export function describeError(sdk: SdkModule | null, error: unknown, context?: { name?: string }): string {
  if (sdk?.isClerkAPIResponseError(error)) {
    const code = error.errors[0]?.code;
    if (code === 'token_creation_conflict') {
      return context?.name
        ? `A key named “${context.name}” already exists. Choose another name.`
        : 'A key with that name already exists. Choose another name.';
    }
    if (code === 'token_quota_exceeded') {
      return 'You have reached the maximum number of API keys. Revoke a key you no longer use, then try again.';
    }
    if (error.status === 401) return 'Your session has ended. Sign in again to continue.';
    if (error.status === 404) return 'That key no longer exists. The list has been refreshed.';
    if (error.status === 429) {
      const wait = error.retryAfter ? ` in ${error.retryAfter} s` : ' in a moment';
      return `Too many requests. Try again${wait}.`;
    }
    if (error.status >= 500) return `The server had a problem (HTTP ${error.status}). Try again in a moment.`;
    return `${error.message} (HTTP ${error.status})`;
  }
  if (sdk?.isClerkRuntimeError(error)) {
    switch (error.code) {
      case 'network_error':
        return 'Could not reach the server. Check that the devserver is running and try again.';
      case 'invalid_response':
        return 'The server sent a response that could not be read. Try again in a moment.';
      case 'no_session_token':
        return 'You are not signed in.';
      case 'invalid_argument':
        // The message reads as clerk-js words it (`Clerk: <text>`, then the code); show the text alone.
        return error.message.replace(/^Clerk: /, '').replace(/\s*\(code="[^"]*"\)$/, '');
    }
  }
  if (error instanceof TypeError) {
    return 'Could not reach the server. Check that the devserver is running and try again.';
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Something went wrong: ${message}`;
}
