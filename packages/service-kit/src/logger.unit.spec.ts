import { describe, expect, it } from 'vitest';
import { ServiceKitError } from './errors.ts';
import { createLogger } from './logger.ts';
import { createMemoryLogDestination } from './testing/memory-log.ts';

function setup(level: 'info' | 'debug' = 'info') {
  const destination = createMemoryLogDestination();
  const log = createLogger({ name: 'normalizer', instanceId: 'node-a-1', level, destination });
  return { log, destination };
}

describe('createLogger', () => {
  it('writes JSON lines with service, instance, ISO time and a level label', () => {
    const { log, destination } = setup();
    log.info({ topic: 'vigia.events.raw.v1', partition: 3 }, 'batch processed');
    const [line] = destination.records();
    expect(line).toMatchObject({
      level: 'info',
      service: 'normalizer',
      instance: 'node-a-1',
      topic: 'vigia.events.raw.v1',
      partition: 3,
      msg: 'batch processed',
    });
    expect(new Date(String(line?.time)).toISOString()).toBe(line?.time);
  });

  it('honours the level', () => {
    const { log, destination } = setup('info');
    log.debug('hidden');
    log.warn('shown');
    expect(destination.records().map((r) => r.msg)).toEqual(['shown']);
  });

  it('redacts secrets nested in logged objects without touching the objects', () => {
    const { log, destination } = setup();
    const kafka = { brokers: ['k1:9092'], sasl: { mechanism: 'scram-sha-512', username: 'vigia', password: 'sasl-pw' } };
    const request = { method: 'POST', headers: { authorization: 'Bearer abc', 'x-api-key': 'key-123', cookie: 'sid=1', host: 'x' } };
    log.info(
      { kafka, req: request, apiKey: 'top-level-key', deep: { a: { b: { c: { d: { token: 'deep-token' } } } } }, users: [{ name: 'ana', password: 'arr-pw' }] },
      'configured',
    );
    const text = destination.text();
    for (const secret of ['sasl-pw', 'Bearer abc', 'key-123', 'sid=1', 'top-level-key', 'deep-token', 'arr-pw']) expect(text).not.toContain(secret);
    const [line] = destination.records();
    expect(line).toMatchObject({
      kafka: { brokers: ['k1:9092'], sasl: { mechanism: 'scram-sha-512', username: 'vigia', password: '[REDACTED]' } },
      req: { method: 'POST', headers: { authorization: '[REDACTED]', 'x-api-key': '[REDACTED]', cookie: '[REDACTED]', host: 'x' } },
      apiKey: '[REDACTED]',
      users: [{ name: 'ana', password: '[REDACTED]' }],
    });
    expect(kafka.sasl.password).toBe('sasl-pw');
  });

  it('redacts secrets in child bindings', () => {
    const { log, destination } = setup();
    log.child({ component: 'ingest', token: 'bound-token', sasl: { password: 'bound-pw' } }).info('hello');
    const text = destination.text();
    expect(text).not.toContain('bound-token');
    expect(text).not.toContain('bound-pw');
    expect(destination.records()[0]).toMatchObject({ component: 'ingest', token: '[REDACTED]' });
  });

  it('serializes err with its code, context and cause, and redacts secrets in it', () => {
    const { log, destination } = setup();
    const cause = Object.assign(new Error('SASL authentication failed'), { password: 'err-pw' });
    log.error({ err: new ServiceKitError('VIGIA_OPS_LISTEN_FAILED', 'cannot listen', { cause, context: { port: 9464 } }) }, 'start failed');
    const [line] = destination.records();
    expect(line?.err).toMatchObject({ type: 'ServiceKitError', code: 'VIGIA_OPS_LISTEN_FAILED', port: 9464 });
    expect(String((line?.err as { stack?: string } | undefined)?.stack)).toContain('SASL authentication failed');
    expect(destination.text()).not.toContain('err-pw');
  });
});
