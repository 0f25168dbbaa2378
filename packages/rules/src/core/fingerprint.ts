/**
 * Alert fingerprints: FNV-1a 64 over the label set, sorted by label name, the
 * way Alertmanager fingerprints a label set (it uses FNV-1a 64 too). Pure JS
 * with BigInt so the core needs no `node:crypto`; the value is an identity,
 * not a secret, so a non-cryptographic hash is the right tool.
 */

// 0xff never occurs in UTF-8, so it separates names from values unambiguously
// ({a: 'b\xffc'} and {a: 'b', c: ''} cannot collide by construction).
const separator = 0xff;

const encoder = new TextEncoder();

/**
 * FNV-1a 64 in four 16-bit limbs of plain numbers: the same value as the
 * BigInt definition (offset basis 0xcbf29ce484222325, prime 0x100000001b3,
 * modulo 2⁶⁴) at a fraction of its cost — BigInt arithmetic per byte made
 * fingerprints the rule engine's largest cost in a replay.
 */
class Fnv1a64 {
  #h0 = 0x2325;
  #h1 = 0x8422;
  #h2 = 0x9ce4;
  #h3 = 0xcbf2;

  byte(value: number): void {
    const h0 = this.#h0 ^ value;
    const h1 = this.#h1;
    // × 0x100000001b3: limb 0 of the prime is 0x1b3, limb 2 is 0x100.
    let carry = h0 * 0x1b3;
    this.#h0 = carry & 0xffff;
    carry = h1 * 0x1b3 + (carry >>> 16);
    this.#h1 = carry & 0xffff;
    carry = this.#h2 * 0x1b3 + h0 * 0x100 + (carry >>> 16);
    this.#h2 = carry & 0xffff;
    carry = this.#h3 * 0x1b3 + h1 * 0x100 + (carry >>> 16);
    this.#h3 = carry & 0xffff;
  }

  bytes(values: Uint8Array): void {
    for (const value of values) this.byte(value);
  }

  /** The UTF-8 bytes of `text`, without encoding the ASCII strings labels almost always are. */
  text(text: string): void {
    for (let index = 0; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      if (code >= 0x80) {
        this.bytes(encoder.encode(text.slice(index)));
        return;
      }
      this.byte(code);
    }
  }

  hex(): string {
    return [this.#h3, this.#h2, this.#h1, this.#h0].map((limb) => limb.toString(16).padStart(4, '0')).join('');
  }
}

/** FNV-1a 64 of the bytes, as 16 lower-case hex digits. */
export function fnv1a64(bytes: Uint8Array): string {
  const hash = new Fnv1a64();
  hash.bytes(bytes);
  return hash.hex();
}

/** FNV-1a 64 of a string's UTF-8 bytes. */
export function fnv1a64OfString(text: string): string {
  const hash = new Fnv1a64();
  hash.text(text);
  return hash.hex();
}

/**
 * The fingerprint of a label set: the same labels give the same fingerprint
 * whatever the order they were written in. Rule id and region are labels
 * (`rule`, `region`), so this is "rule + region + labels".
 */
export function fingerprintOf(labels: Readonly<Record<string, string>>): string {
  const hash = new Fnv1a64();
  for (const name of Object.keys(labels).sort()) {
    hash.text(name);
    hash.byte(separator);
    hash.text(labels[name] ?? '');
    hash.byte(separator);
  }
  return hash.hex();
}
