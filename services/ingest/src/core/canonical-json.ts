/**
 * Canonical JSON text of a value: object members sorted by key (UTF-16 code
 * units, as RFC 8785 JCS does), no whitespace, numbers and strings as
 * `JSON.stringify` writes them (which is JCS's number form). Two values that
 * are equal as JSON give the same text whatever order their members came in,
 * so a re-sent report hashes to the same key.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const members = Object.keys(value)
      .sort()
      .flatMap((key) => {
        const member = (value as Record<string, unknown>)[key];
        return member === undefined ? [] : [`${JSON.stringify(key)}:${canonicalJson(member)}`];
      });
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
