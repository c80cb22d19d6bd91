// Turns the JSON text the wasm writes (one string per result, one crossing) into plain objects with real Dates.
// Timestamps arrive as ms numbers; the nullable ones stay null.
function toKey(k) {
  k.createdAt = new Date(k.createdAt);
  k.updatedAt = new Date(k.updatedAt);
  if (k.expiration !== null) k.expiration = new Date(k.expiration);
  if (k.lastUsedAt !== null) k.lastUsedAt = new Date(k.lastUsedAt);
  return k;
}

export function apiKeyFromJson(text) {
  return toKey(JSON.parse(text));
}

export function pageFromJson(text) {
  const page = JSON.parse(text);
  const data = page.data;
  for (let i = 0; i < data.length; i++) toKey(data[i]);
  return page;
}
