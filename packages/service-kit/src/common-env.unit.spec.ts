import { describe, expect, it } from 'vitest';
import { commonServiceEnvSchema, defaultShutdownForceMs, defaultShutdownGraceMs } from './common-env.ts';
import { loadConfig } from './config.ts';
import { ConfigError } from './config-error.ts';
import { envList } from './env-fields.ts';

describe('commonServiceEnvSchema', () => {
  it('has defaults for everything, with the instance id made of hostname and pid', () => {
    const config = loadConfig(commonServiceEnvSchema, {});
    expect(config).toMatchObject({
      LOG_LEVEL: 'info',
      VIGIA_OPS_HOST: '127.0.0.1',
      VIGIA_OPS_PORT: 9464,
      VIGIA_HTTP_PORT: 8080,
      VIGIA_SHUTDOWN_GRACE_MS: defaultShutdownGraceMs,
      VIGIA_SHUTDOWN_FORCE_MS: defaultShutdownForceMs,
    });
    expect(config.VIGIA_INSTANCE_ID).toMatch(new RegExp(`-${process.pid}$`));
  });

  it('reads the shutdown timeouts with units', () => {
    const config = loadConfig(commonServiceEnvSchema, { VIGIA_SHUTDOWN_GRACE_MS: '5s', VIGIA_SHUTDOWN_FORCE_MS: '8000' });
    expect([config.VIGIA_SHUTDOWN_GRACE_MS, config.VIGIA_SHUTDOWN_FORCE_MS]).toEqual([5_000, 8_000]);
  });

  it('rejects a force timeout that is not longer than the grace timeout, even when it is the default', () => {
    expect(() => loadConfig(commonServiceEnvSchema, { VIGIA_SHUTDOWN_GRACE_MS: '30s' })).toThrowError(
      expect.objectContaining({
        code: 'VIGIA_CONFIG_INVALID',
        problems: [
          {
            variable: 'VIGIA_SHUTDOWN_FORCE_MS',
            problem: expect.stringMatching(/^VIGIA_SHUTDOWN_FORCE_MS \(not set, so its default\): must be longer than VIGIA_SHUTDOWN_GRACE_MS \(30000 ms\)/),
          },
        ],
      }),
    );
  });

  it('rejects an instance id that could not be a Kafka client id', () => {
    expect(() => loadConfig(commonServiceEnvSchema, { VIGIA_INSTANCE_ID: 'a b/c' })).toThrowError(ConfigError);
  });

  it('extends into a service schema and keeps its cross-field check', () => {
    const schema = commonServiceEnvSchema.extend({ KAFKA_BROKERS: envList().default([]) });
    expect(loadConfig(schema, { KAFKA_BROKERS: 'k:9092' }).KAFKA_BROKERS).toEqual(['k:9092']);
    expect(() => loadConfig(schema, { VIGIA_SHUTDOWN_FORCE_MS: '1s', VIGIA_SHUTDOWN_GRACE_MS: '2s' })).toThrowError(ConfigError);
  });
});
