// The plain-JavaScript baseline `make bench` compares apikeys-wasm with: the same `getAll` job done the way
// Clerk's browser SDK does it (`fetch`, `response.json()`, a hand-written snake_case → camelCase mapping,
// `new Date` per date field, `{ data, total_count }`). Same options shape as the SDK (frontendApi, getToken,
// userId, organizationId, credentials), so the bench can drive both with one options object.
// Not shipped; it exists only so every bench row has a ratio.

const toBaseUrl = (frontendApi) => {
  const url = /^https?:\/\//.test(frontendApi) ? frontendApi : `https://${frontendApi}`;
  return url.replace(/\/+$/, '');
};

const read = (v) => (typeof v === 'function' ? v() : v);

// Clerk turns epoch milliseconds into a Date, falling back to "now" for 0 or an invalid value.
const toDate = (ms) => {
  const d = new Date(ms || Date.now());
  return Number.isNaN(d.getTime()) ? new Date() : d;
};

function apiKeyFromJSON(json) {
  return {
    id: json.id,
    type: json.type,
    name: json.name,
    subject: json.subject,
    scopes: json.scopes,
    claims: json.claims,
    revoked: json.revoked,
    revocationReason: json.revocation_reason,
    expired: json.expired,
    expiration: json.expiration ? toDate(json.expiration) : null,
    createdBy: json.created_by,
    description: json.description,
    lastUsedAt: json.last_used_at ? toDate(json.last_used_at) : null,
    createdAt: toDate(json.created_at),
    updatedAt: toDate(json.updated_at),
  };
}

export class BaselineAPIError extends Error {
  constructor(status, body) {
    const first = body?.errors?.[0];
    super(first?.long_message || first?.message || `HTTP ${status}`);
    this.name = 'BaselineAPIError';
    this.status = status;
    this.errors = (body?.errors ?? []).map((e) => ({ code: e.code, message: e.message, longMessage: e.long_message }));
  }
}

export class APIKeys {
  constructor(options) {
    this.baseUrl = toBaseUrl(options.frontendApi);
    this.getToken = options.getToken;
    this.userId = options.userId;
    this.organizationId = options.organizationId;
    this.credentials = options.credentials ?? 'include';
  }

  async getAll(params = {}) {
    const token = this.getToken ? await this.getToken() : undefined;
    if (this.getToken && !token) throw new Error('No valid session token available');
    const pageSize = params.pageSize ?? 10;
    const initialPage = params.initialPage ?? 1;
    const search = new URLSearchParams({
      subject: params.subject ?? read(this.organizationId) ?? read(this.userId) ?? '',
      query: params.query ?? '',
      limit: String(pageSize),
      offset: String((initialPage - 1) * pageSize),
    });
    const headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(`${this.baseUrl}/api_keys?${search}`, {
      method: 'GET',
      credentials: this.credentials,
      headers,
      signal: params.signal,
    });
    const json = await response.json();
    if (!response.ok) throw new BaselineAPIError(response.status, json);
    return { total_count: json.total_count, data: json.data.map(apiKeyFromJSON) };
  }
}
