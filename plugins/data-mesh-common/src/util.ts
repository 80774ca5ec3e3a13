/**
 * Describes a value for an error message: strings quoted and shortened,
 * structures named rather than dumped.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (value !== null && typeof value === 'object') {
    return 'an object';
  }
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  return String(value);
}
