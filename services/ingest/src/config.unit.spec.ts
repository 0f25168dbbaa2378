import { ConfigError, loadConfig } from '@vigia/service-kit';
import { describe, expect, it } from 'vitest';
import { defaultIngestLimits, ingestEnvSchema, ingestHttpConfigOf } from './config.ts';
import { hashApiKey } from './http/api-keys.ts';

const keys = `a:publisher:${hashApiKey('ka')},b:admin:${hashApiKey('kb')}`;

function problems(env: Record<string, string>): string {
  try {
    loadConfig(ingestEnvSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('ingest configuration', () => {
  it('reads keys and applies the default limits', () => {
    const config = ingestHttpConfigOf(loadConfig(ingestEnvSchema, { VIGIA_INGEST_API_KEYS: keys }));
    expect(config.apiKeys.map((k) => `${k.id}:${k.role}`)).toEqual(['a:publisher', 'b:admin']);
    expect(config).toMatchObject(defaultIngestLimits);
    expect(config.namespace).toBeUndefined();
  });

  it('requires at least one key and says how to write one', () => {
    expect(problems({})).toContain('VIGIA_INGEST_API_KEYS is required');
    expect(problems({ VIGIA_INGEST_API_KEYS: 'nope' })).toContain('id:role:sha256hex');
  });

  it('refuses duplicate ids and out-of-range limits', () => {
    expect(problems({ VIGIA_INGEST_API_KEYS: `${keys},a:admin:${hashApiKey('kc')}` })).toContain('appears twice');
    expect(problems({ VIGIA_INGEST_API_KEYS: keys, VIGIA_INGEST_MAX_RECORD_BYTES: String(1 << 30) })).toContain('VIGIA_INGEST_MAX_RECORD_BYTES');
    expect(problems({ VIGIA_INGEST_API_KEYS: keys, VIGIA_NAMESPACE: 'Bad.Name' })).toContain('VIGIA_NAMESPACE');
  });
});
