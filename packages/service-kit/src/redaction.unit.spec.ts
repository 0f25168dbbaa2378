import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSecretKey, redactedValue, redactSecrets } from './redaction.ts';

describe('isSecretKey', () => {
  it.each([
    'password',
    'saslPassword',
    'KAFKA_SASL_PASSWORD',
    'secret',
    'clientSecret',
    'token',
    'refresh_token',
    'apiKey',
    'api_key',
    'x-api-key',
    'authorization',
    'Authorization',
    'cookie',
    'set-cookie',
    'privateKey',
    'credentials',
  ])('%s is secret', (key) => expect(isSecretKey(key)).toBe(true));

  it.each(['key', 'topic', 'partition', 'tokenCount', 'region', 'username', 'mechanism', 'offset'])('%s is not secret', (key) =>
    expect(isSecretKey(key)).toBe(false),
  );
});

describe('redactSecrets', () => {
  it('replaces secrets at any depth, in objects and arrays', () => {
    const input = {
      topic: 'vigia.events.v1',
      kafka: { brokers: ['a:9092'], sasl: { mechanism: 'scram-sha-512', username: 'vigia', password: 'p1' } },
      req: { headers: { authorization: 'Bearer t', 'x-api-key': 'k', accept: 'json' } },
      list: [{ a: { b: { c: { token: 't4' } } } }],
    };
    expect(redactSecrets(input)).toEqual({
      topic: 'vigia.events.v1',
      kafka: { brokers: ['a:9092'], sasl: { mechanism: 'scram-sha-512', username: 'vigia', password: redactedValue } },
      req: { headers: { authorization: redactedValue, 'x-api-key': redactedValue, accept: 'json' } },
      list: [{ a: { b: { c: { token: redactedValue } } } }],
    });
  });

  it('does not mutate its input and returns it unchanged when there is nothing to hide', () => {
    const clean = { topic: 't', nested: { offset: 3 } };
    expect(redactSecrets(clean)).toBe(clean);
    const dirty = { nested: { password: 'p' }, other: { offset: 3 } };
    const out = redactSecrets(dirty);
    expect(dirty.nested.password).toBe('p');
    expect(out.other).toBe(dirty.other);
  });

  it('survives cycles and redacts an object shared by two branches in both places', () => {
    const shared = { password: 'p' };
    const cyclic: Record<string, unknown> = { a: shared, b: shared };
    cyclic.self = cyclic;
    const out = redactSecrets(cyclic);
    expect(out.a).toEqual({ password: redactedValue });
    expect(out.b).toEqual({ password: redactedValue });
  });

  it('property: no secret value survives, wherever it is nested', () => {
    const secretKey = fc.constantFrom('password', 'dbPassword', 'token', 'apiKey', 'authorization', 'cookie', 'client_secret');
    const leaf = fc.oneof(fc.integer(), fc.constantFrom('north', 'VRAEM', 'ok'));
    // Objects built from the paths of a random tree, with the secret planted at a random depth.
    const nested = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('a', 'b', 'region', 'items'), tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    const path = fc.array(fc.oneof(fc.constantFrom('x', 'y', 'headers'), fc.constant(0)), { maxLength: 6 });
    fc.assert(
      fc.property(nested, path, secretKey, (tree, where, key) => {
        const secret = 'S3CR3T-VALUE';
        let root: unknown = { [key]: secret };
        for (const step of where.toReversed()) root = step === 0 ? [root, tree] : { [step]: root, other: tree };
        expect(JSON.stringify(redactSecrets({ payload: root }))).not.toContain(secret);
      }),
    );
  });
});
