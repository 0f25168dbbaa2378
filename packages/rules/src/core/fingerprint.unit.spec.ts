import fc from 'fast-check';
import { fingerprintSchema } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { fingerprintOf, fnv1a64, fnv1a64OfString } from './fingerprint.ts';

const labelName = fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/);
const labelSet = fc.dictionary(labelName, fc.string({ maxLength: 20 }), { maxKeys: 8 });

/** A label set and the same labels inserted in a shuffled order. */
const labelSetTwice = labelSet.chain((labels) => {
  const keys = Object.keys(labels);
  return fc
    .shuffledSubarray(keys, { minLength: keys.length, maxLength: keys.length })
    .map((order) => [labels, Object.fromEntries(order.map((key) => [key, labels[key] ?? '']))] as const);
});

describe('fingerprints', () => {
  it('implement FNV-1a 64 (reference vectors)', () => {
    // from the FNV reference test suite (Fowler, Noll, Vo)
    expect(fnv1a64OfString('')).toBe('cbf29ce484222325');
    expect(fnv1a64OfString('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64OfString('foobar')).toBe('85944171f73967e8');
  });

  it('equal the BigInt definition of FNV-1a 64 on any bytes and any text (property)', () => {
    const definition = (bytes: Uint8Array): string => {
      let hash = 0xcbf29ce484222325n;
      for (const byte of bytes) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
      return hash.toString(16).padStart(16, '0');
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(fnv1a64(bytes)).toBe(definition(bytes));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (text) => {
        expect(fnv1a64OfString(text)).toBe(definition(new TextEncoder().encode(text)));
      }),
      { numRuns: 300 },
    );
  });

  it('are stable: a known label set always gives the same value', () => {
    // pinned: a change here changes every alert identity on the topics
    expect(fingerprintOf({ rule: 'coca-growth-yoy', region: 'zone:vraem', level: 'zone', severity: 'critical' })).toBe(
      fingerprintOf({ severity: 'critical', level: 'zone', region: 'zone:vraem', rule: 'coca-growth-yoy' }),
    );
    // FNV-1a 64 of "region\xffPE\xffrule\xffr\xff", computed independently (Python)
    expect(fingerprintOf({ rule: 'r', region: 'PE' })).toBe('8b381bc97902367e');
    expect(fingerprintOf({ rule: 'coca-growth-yoy', region: 'zone:vraem', level: 'zone', severity: 'critical' })).toBe('44dc576ff381fd14');
  });

  it('do not depend on label order (property)', () => {
    fc.assert(
      fc.property(labelSetTwice, ([labels, shuffled]) => {
        expect(Object.keys(shuffled).sort()).toEqual(Object.keys(labels).sort());
        expect(fingerprintOf(shuffled)).toBe(fingerprintOf(labels));
      }),
    );
  });

  it('are valid record keys (16 hex digits)', () => {
    fc.assert(
      fc.property(labelSet, (labels) => {
        const fingerprint = fingerprintOf(labels);
        expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
        expect(fingerprintSchema.safeParse(fingerprint).success).toBe(true);
      }),
    );
  });

  it('tell different label sets apart (property)', () => {
    fc.assert(
      fc.property(labelSet, labelSet, (a, b) => {
        const same = JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
        expect(fingerprintOf(a) === fingerprintOf(b)).toBe(same);
      }),
    );
  });

  it('keep name and value boundaries apart', () => {
    expect(fingerprintOf({ ab: 'c' })).not.toBe(fingerprintOf({ a: 'bc' }));
    expect(fingerprintOf({ a: '', b: '' })).not.toBe(fingerprintOf({ a: 'b' }));
  });
});
