import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusConfigError, parseBusConfig } from './bus-config.ts';

function configError(env: Record<string, string>): BusConfigError {
  try {
    parseBusConfig(env);
  } catch (error) {
    if (error instanceof BusConfigError) return error;
    throw error;
  }
  throw new TypeError('expected parseBusConfig to throw');
}

describe('parseBusConfig: good environments', () => {
  it('selects the embedded log with its defaults when KAFKA_BROKERS is unset or blank', () => {
    const expected = { kind: 'embedded', dataDir: '.vigia/data', fsync: 'commit' };
    expect(parseBusConfig({})).toEqual(expected);
    expect(parseBusConfig({ KAFKA_BROKERS: '   ' })).toEqual(expected);
    expect(parseBusConfig({ KAFKA_BROKERS: '', PATH: '/usr/bin', HOME: '/root' })).toEqual(expected);
  });

  it('reads the embedded settings', () => {
    expect(parseBusConfig({ VIGIA_DATA_DIR: '/var/lib/vigia', VIGIA_FSYNC: 'NEVER' })).toEqual({
      kind: 'embedded',
      dataDir: '/var/lib/vigia',
      fsync: 'never',
    });
  });

  it('selects Kafka with plaintext and the default client id', () => {
    expect(parseBusConfig({ KAFKA_BROKERS: ' kafka-1:9092 , kafka-2:9092,,[::1]:9093 ' })).toEqual({
      kind: 'kafka',
      brokers: ['kafka-1:9092', 'kafka-2:9092', '[::1]:9093'],
      clientId: 'vigia',
      ssl: false,
    });
  });

  it('reads TLS, mutual TLS files and SASL/SCRAM', () => {
    const config = parseBusConfig({
      KAFKA_BROKERS: 'b-1.msk.example:9096',
      KAFKA_CLIENT_ID: 'vigia-normalizer',
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: '/etc/vigia/ca.pem',
      KAFKA_SSL_CERT_FILE: '/etc/vigia/client.pem',
      KAFKA_SSL_KEY_FILE: '/etc/vigia/client.key',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'normalizer',
      KAFKA_SASL_PASSWORD: 'p@ss word',
    });
    expect(config).toMatchObject({
      kind: 'kafka',
      clientId: 'vigia-normalizer',
      ssl: { caFile: '/etc/vigia/ca.pem', certFile: '/etc/vigia/client.pem', keyFile: '/etc/vigia/client.key' },
      sasl: { mechanism: 'scram-sha-512', username: 'normalizer' },
    });
    expect(config.kind === 'kafka' && config.sasl?.password).toBe('p@ss word');
  });

  it('accepts TLS without files (system CAs) and the stringbool spellings', () => {
    for (const value of ['true', '1', 'yes', 'on']) {
      expect(parseBusConfig({ KAFKA_BROKERS: 'k:9092', KAFKA_SSL: value })).toMatchObject({ ssl: {} });
    }
    for (const value of ['false', '0', 'no', 'off']) {
      expect(parseBusConfig({ KAFKA_BROKERS: 'k:9092', KAFKA_SSL: value })).toMatchObject({ ssl: false });
    }
  });

  it('returns a frozen config whose serialized form never contains the password', () => {
    const config = parseBusConfig({
      KAFKA_BROKERS: 'k:9092',
      KAFKA_SASL_MECHANISM: 'plain',
      KAFKA_SASL_USERNAME: 'u',
      KAFKA_SASL_PASSWORD: 'hunter2',
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(config.kind === 'kafka' && Object.isFrozen(config.brokers) && Object.isFrozen(config.sasl)).toBe(true);
    expect(JSON.stringify(config)).not.toContain('hunter2');
    expect(config.kind === 'kafka' && config.sasl?.password).toBe('hunter2');
  });

  it('parses any comma list of host:port entries, whatever the spacing', () => {
    const host = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,20}$/);
    const broker = fc.tuple(host, fc.integer({ min: 1, max: 65_535 })).map(([h, p]) => `${h}:${p}`);
    const space = fc.constantFrom('', ' ', '  ', '\t');
    fc.assert(
      fc.property(fc.array(fc.tuple(space, broker, space), { minLength: 1, maxLength: 6 }), (entries) => {
        const env = { KAFKA_BROKERS: entries.map(([before, b, after]) => `${before}${b}${after}`).join(',') };
        const config = parseBusConfig(env);
        expect(config).toMatchObject({ kind: 'kafka', brokers: entries.map(([, b]) => b) });
      }),
    );
  });
});

describe('parseBusConfig: bad environments', () => {
  it('reports every bad variable in one error', () => {
    const error = configError({
      KAFKA_BROKERS: 'kafka-1:9092,kafka-2',
      KAFKA_CLIENT_ID: 'vigía normalizer',
      KAFKA_SSL: 'maybe',
      KAFKA_SASL_MECHANISM: 'gssapi',
      VIGIA_FSYNC: 'always',
    });
    expect(error.code).toBe('VIGIA_BUS_CONFIG_INVALID');
    expect(error.variables).toEqual([
      'KAFKA_BROKERS',
      'KAFKA_CLIENT_ID',
      'KAFKA_SSL',
      'KAFKA_SASL_MECHANISM',
      'VIGIA_FSYNC',
      // A mechanism is set (if unknown), so its credentials are asked for too.
      'KAFKA_SASL_USERNAME',
      'KAFKA_SASL_PASSWORD',
    ]);
    expect(error.message).toContain('"kafka-2" is not host:port');
    expect(error.message).toContain('scram-sha-256, scram-sha-512, plain');
    expect(error.message).toContain('commit or never');
  });

  it('reports rules between variables alongside bad single variables', () => {
    const error = configError({
      KAFKA_BROKERS: 'k:9092',
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SSL_CERT_FILE: '/etc/vigia/client.pem',
      VIGIA_FSYNC: 'sometimes',
    });
    expect(error.issues).toEqual([
      { variable: 'VIGIA_FSYNC', message: 'use commit or never' },
      { variable: 'KAFKA_SASL_USERNAME', message: 'KAFKA_SASL_USERNAME is required when KAFKA_SASL_MECHANISM is set' },
      { variable: 'KAFKA_SASL_PASSWORD', message: 'KAFKA_SASL_PASSWORD is required when KAFKA_SASL_MECHANISM is set' },
      { variable: 'KAFKA_SSL', message: expect.stringContaining('set KAFKA_SSL=true') },
      { variable: 'KAFKA_SSL_KEY_FILE', message: expect.stringContaining('set KAFKA_SSL_KEY_FILE too') },
    ]);
  });

  it('asks for a mechanism when credentials come without one, never echoing the password', () => {
    const error = configError({ KAFKA_BROKERS: 'k:9092', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'hunter2' });
    expect(error.variables).toEqual(['KAFKA_SASL_MECHANISM']);
    expect(error.message).not.toContain('hunter2');
    expect(JSON.stringify(error.issues)).not.toContain('hunter2');
  });

  it('refuses Kafka settings without KAFKA_BROKERS instead of silently using the embedded log', () => {
    const error = configError({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'plain', KAFKA_CLIENT_ID: 'x' });
    expect(error.variables).toEqual(['KAFKA_CLIENT_ID', 'KAFKA_SSL', 'KAFKA_SASL_MECHANISM']);
    expect(error.issues[0]?.message).toContain('set KAFKA_BROKERS too');
  });

  it('refuses a broker list with no broker and a port out of range', () => {
    expect(configError({ KAFKA_BROKERS: ' , ' }).message).toContain('list at least one broker');
    expect(configError({ KAFKA_BROKERS: 'k:0' }).variables).toEqual(['KAFKA_BROKERS']);
    expect(configError({ KAFKA_BROKERS: 'k:65536' }).variables).toEqual(['KAFKA_BROKERS']);
    expect(configError({ KAFKA_BROKERS: 'http://k:9092' }).variables).toEqual(['KAFKA_BROKERS']);
  });
});
