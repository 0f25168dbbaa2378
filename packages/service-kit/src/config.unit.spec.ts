import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from './config.ts';
import { ConfigError, isSecretVariable } from './config-error.ts';
import { envBoolean, envDurationMs, envList, envPort } from './env-fields.ts';

const schema = z.object({
  KAFKA_BROKERS: envList(z.string().regex(/^[\w.-]+:\d+$/, 'expected host:port')).describe('a comma-separated list of host:port'),
  VIGIA_OPS_PORT: envPort().default(9464).describe('the ops server port'),
  VIGIA_POLL_MS: envDurationMs().default(500),
  VIGIA_DRY_RUN: envBoolean().default(false),
  KAFKA_SASL_PASSWORD: z.string().min(12, 'expected at least 12 characters').optional(),
});

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('parses the environment into typed values and applies defaults', () => {
    const config = loadConfig(schema, { KAFKA_BROKERS: 'a:9092, b:9092', VIGIA_DRY_RUN: 'yes', PATH: '/bin' });
    expect(config).toEqual({ KAFKA_BROKERS: ['a:9092', 'b:9092'], VIGIA_OPS_PORT: 9464, VIGIA_POLL_MS: 500, VIGIA_DRY_RUN: true });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('treats blank variables as unset, so they take the default', () => {
    const config = loadConfig(schema, { KAFKA_BROKERS: 'a:1', VIGIA_OPS_PORT: '', VIGIA_POLL_MS: '   ' });
    expect(config.VIGIA_OPS_PORT).toBe(9464);
    expect(config.VIGIA_POLL_MS).toBe(500);
  });

  it('reads "false" as false (z.stringbool, not z.coerce.boolean)', () => {
    expect(loadConfig(schema, { KAFKA_BROKERS: 'a:1', VIGIA_DRY_RUN: 'false' }).VIGIA_DRY_RUN).toBe(false);
  });

  it('reports every bad variable at once, with its value and how to fix it', () => {
    const error = configErrorOf(() =>
      loadConfig(schema, { KAFKA_BROKERS: 'a:1,nope', VIGIA_OPS_PORT: '99999', VIGIA_POLL_MS: 'soon', VIGIA_DRY_RUN: 'maybe' }),
    );
    expect(error.code).toBe('VIGIA_CONFIG_INVALID');
    expect(error.variables).toEqual(['KAFKA_BROKERS', 'VIGIA_OPS_PORT', 'VIGIA_POLL_MS', 'VIGIA_DRY_RUN']);
    expect(error.message).toContain('4 environment variables need fixing');
    expect(error.message).toContain('KAFKA_BROKERS item 2="a:1,nope": expected host:port');
    expect(error.message).toContain('VIGIA_OPS_PORT="99999": expected a TCP port: a whole number from 0 to 65535');
    expect(error.message).toContain('(VIGIA_OPS_PORT: the ops server port)');
    expect(error.message).toContain('VIGIA_POLL_MS="soon": expected a duration');
    expect(error.message).toContain('VIGIA_DRY_RUN="maybe": expected true or false');
    expect(error.problems.find((p) => p.variable === 'KAFKA_BROKERS')?.item).toBe(1);
  });

  it('says which required variable is missing and what it should hold', () => {
    const error = configErrorOf(() => loadConfig(schema, {}));
    expect(error.problems).toEqual([
      { variable: 'KAFKA_BROKERS', problem: 'KAFKA_BROKERS is required but not set; set it to a comma-separated list of host:port' },
    ]);
  });

  it('never echoes the value of a secret variable', () => {
    const error = configErrorOf(() => loadConfig(schema, { KAFKA_BROKERS: 'a:1', KAFKA_SASL_PASSWORD: 'hunter2' }));
    expect(error.message).toContain('KAFKA_SASL_PASSWORD (value hidden): expected at least 12 characters');
    expect(error.message).not.toContain('hunter2');
    expect(JSON.stringify(error)).not.toContain('hunter2');
  });

  it('cuts a secret value out of custom messages that interpolate it', () => {
    const leaky = z.object({
      API_TOKEN: z.string().refine((value) => value.startsWith('tok_'), { error: (issue) => `bad token ${String(issue.input)}` }),
    });
    const error = configErrorOf(() => loadConfig(leaky, { API_TOKEN: 'sk-live-123456' }));
    expect(error.message).not.toContain('sk-live-123456');
    expect(error.message).toContain('bad token [hidden]');
  });

  it('property: no invalid secret value ever appears in the error', () => {
    const secrets = z.object({ DB_PASSWORD: envPort(), SIGNING_KEY: z.string().regex(/^k_[a-f0-9]{8}$/, 'expected k_ and 8 hex digits') });
    const secretText = fc.stringMatching(/^[A-Za-z!@#%^&*()_+=~-][\w!@#%^&*()+=~-]{5,39}$/);
    fc.assert(
      fc.property(secretText, secretText, (password, key) => {
        const error = configErrorOf(() => loadConfig(secrets, { DB_PASSWORD: password, SIGNING_KEY: key }));
        const serialized = `${error.message}\n${JSON.stringify(error)}`;
        expect(serialized).not.toContain(password);
        expect(serialized).not.toContain(key);
      }),
    );
  });

  it('names a problem that spans several variables', () => {
    const crossField = z
      .object({ MIN_MS: envDurationMs(), MAX_MS: envDurationMs() })
      .refine((env) => env.MIN_MS < env.MAX_MS, { error: 'MIN_MS must be below MAX_MS' });
    const error = configErrorOf(() => loadConfig(crossField, { MIN_MS: '5s', MAX_MS: '1s' }));
    expect(error.problems).toEqual([{ variable: '(configuration)', problem: '(configuration): MIN_MS must be below MAX_MS' }]);
  });
});

describe('isSecretVariable', () => {
  it.each([
    ['KAFKA_SASL_PASSWORD', true],
    ['VIGIA_API_KEY', true],
    ['CONSOLE_SESSION_SECRET', true],
    ['GITHUB_TOKEN', true],
    ['VIGIA_OPS_PORT', false],
    ['LOG_LEVEL', false],
  ])('%s → %s', (name, secret) => {
    expect(isSecretVariable(name)).toBe(secret);
  });
});

describe('loadConfig with a secret list', () => {
  it('hides each item of a secret list, even when a custom message quotes one', () => {
    const schema = z.object({
      VIGIA_API_KEYS: envList(z.string().refine((key) => key.length >= 16, { error: (issue) => `key ${String(issue.input)} is too short` })),
    });
    const error = configErrorOf(() => loadConfig(schema, { VIGIA_API_KEYS: 'a-long-enough-key-1, shorty' }));
    expect(error.message).toContain('VIGIA_API_KEYS item 2 (value hidden): key [hidden] is too short');
    expect(error.message).not.toContain('shorty');
    expect(error.message).not.toContain('a-long-enough-key-1');
  });
});
