const dateTime = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function formatDate(date: Date | null, empty = 'Never'): string {
  return date ? dateTime.format(date) : empty;
}

export const EXPIRATION_PRESETS: { label: string; seconds: number | null }[] = [
  { label: 'Never', seconds: null },
  { label: '1 day', seconds: 86_400 },
  { label: '7 days', seconds: 7 * 86_400 },
  { label: '30 days', seconds: 30 * 86_400 },
  { label: '90 days', seconds: 90 * 86_400 },
  { label: '1 year', seconds: 365 * 86_400 },
];
