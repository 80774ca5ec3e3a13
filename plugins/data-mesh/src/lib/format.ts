const UNITS: Array<[string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
];

/** A duration in milliseconds, written like an objective: `2h 5m`, `45s`, `3d 4h`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000) * 1000;
  for (const [unit, size] of UNITS) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

/** A ratio (0-1) as a percentage with up to `digits` decimals: `99.95%`. */
export function formatPercent(ratio: number, digits = 2): string {
  if (!Number.isFinite(ratio)) return '–';
  const value = ratio * 100;
  return `${Number(value.toFixed(digits))}%`;
}

/** A value of an SLO in its unit. */
export function formatSloValue(
  value: number | null | undefined,
  unit: 'ms' | 'ratio' | 'number',
): string {
  if (value === null || value === undefined) return '–';
  if (unit === 'ms') return formatDuration(value);
  if (unit === 'ratio') return formatPercent(value);
  return String(Number(value.toFixed(3)));
}

/** An ISO date or time as text, or the value itself when it is no date. */
function formatIso(
  iso: string | undefined,
  format: (date: Date) => string,
): string {
  if (!iso) return '–';
  // A bare date (`2026-06-30`) is that day, wherever the reader is.
  const date = new Date(
    /^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso,
  );
  if (Number.isNaN(date.getTime())) return iso;
  return format(date);
}

/** An ISO time as a short local date and time. */
export function formatDateTime(iso: string | undefined): string {
  return formatIso(iso, date =>
    date.toLocaleString(undefined, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    }),
  );
}

/** An ISO date or time as a short date. */
export function formatDate(iso: string | undefined): string {
  return formatIso(iso, date =>
    date.toLocaleDateString(undefined, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      timeZone: 'UTC',
    }),
  );
}

/**
 * A count as text with the reader's digit grouping (`10,017`), so figures side by side
 * never read as one number.
 */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? value.toLocaleString() : '–';
}
