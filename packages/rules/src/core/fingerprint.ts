/**
 * Alert fingerprints: FNV-1a 64 over the label set, sorted by label name, the
 * way Alertmanager fingerprints a label set (it uses FNV-1a 64 too). Pure JS
 * with BigInt so the core needs no `node:crypto`; the value is an identity,
 * not a secret, so a non-cryptographic hash is the right tool.
 */

const offsetBasis = 0xcbf29ce484222325n;
const prime = 0x100000001b3n;
const mask = 0xffffffffffffffffn;
// 0xff never occurs in UTF-8, so it separates names from values unambiguously
// ({a: 'b\xffc'} and {a: 'b', c: ''} cannot collide by construction).
const separator = 0xff;

const encoder = new TextEncoder();

/** FNV-1a 64 of the bytes, as 16 lower-case hex digits. */
export function fnv1a64(bytes: Uint8Array): string {
  let hash = offsetBasis;
  for (const byte of bytes) {
    hash ^= BigInt(byte);
    hash = (hash * prime) & mask;
  }
  return hash.toString(16).padStart(16, '0');
}

/** FNV-1a 64 of a string's UTF-8 bytes. */
export function fnv1a64OfString(text: string): string {
  return fnv1a64(encoder.encode(text));
}

/**
 * The fingerprint of a label set: the same labels give the same fingerprint
 * whatever the order they were written in. Rule id and region are labels
 * (`rule`, `region`), so this is "rule + region + labels".
 */
export function fingerprintOf(labels: Readonly<Record<string, string>>): string {
  const names = Object.keys(labels).sort();
  const parts: number[] = [];
  for (const name of names) {
    parts.push(...encoder.encode(name), separator, ...encoder.encode(labels[name] ?? ''), separator);
  }
  return fnv1a64(Uint8Array.from(parts));
}
