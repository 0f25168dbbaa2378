import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { kafkaJsLevelFor, kafkaJsLogLevels, pinoLogCreator } from './kafka-logger.ts';

/** A pino logger writing parsed JSON lines into an array. */
function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line));
      callback();
    },
  });
  return { logger: pino({ level }, sink), lines };
}

const entry = (level: number, message: string, extra: Record<string, unknown> = {}) => ({
  namespace: 'Consumer',
  level,
  label: 'X',
  log: { timestamp: '2025-01-01T00:00:00.000Z', logger: 'kafkajs', message, ...extra },
});

describe('pinoLogCreator', () => {
  it('writes kafkajs entries at the matching pino level with their fields nested', async () => {
    const { logger, lines } = capture('debug');
    const log = pinoLogCreator(logger)(kafkaJsLogLevels.DEBUG);
    log(entry(kafkaJsLogLevels.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded', { groupId: 'g', retryCount: 5 }));
    log(entry(kafkaJsLogLevels.WARN, 'The group is rebalancing, re-joining'));
    log(entry(kafkaJsLogLevels.INFO, 'Consumer has joined the group'));
    log(entry(kafkaJsLogLevels.DEBUG, 'Request Metadata(key: 3, version: 6)'));
    logger.flush();
    await new Promise((resolve) => setImmediate(resolve));

    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [50, 'Crash: KafkaJSNumberOfRetriesExceeded'],
      [40, 'The group is rebalancing, re-joining'],
      [30, 'Consumer has joined the group'],
      [20, 'Request Metadata(key: 3, version: 6)'],
    ]);
    expect(lines[0]).toMatchObject({ component: 'kafkajs', namespace: 'Consumer', kafkajs: { groupId: 'g', retryCount: 5 } });
    expect(lines[0]).not.toHaveProperty('timestamp');
    expect(lines[2]).not.toHaveProperty('kafkajs');
  });

  it('never copies secret-looking fields', async () => {
    const { logger, lines } = capture('info');
    pinoLogCreator(logger)(kafkaJsLogLevels.INFO)(
      entry(kafkaJsLogLevels.INFO, 'connected', { broker: 'k:9092', sasl: { password: 'hunter2' }, password: 'hunter2', ssl: { key: 'PEM' } }),
    );
    logger.flush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(JSON.stringify(lines)).not.toMatch(/hunter2|PEM/);
    expect(lines[0]).toMatchObject({ kafkajs: { broker: 'k:9092', sasl: '[redacted]', password: '[redacted]' } });
  });

  it('keeps the warning about our deliberately bounded producer retries at debug', async () => {
    const { logger, lines } = capture('info');
    pinoLogCreator(logger)(kafkaJsLogLevels.INFO)(entry(kafkaJsLogLevels.WARN, 'Limiting retries for the idempotent producer may invalidate EoS guarantees'));
    logger.flush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toEqual([]);
  });
});

describe('kafkaJsLevelFor', () => {
  it('asks kafkajs for no more detail than pino prints', () => {
    expect(kafkaJsLevelFor(pino({ level: 'trace' }))).toBe(kafkaJsLogLevels.DEBUG);
    expect(kafkaJsLevelFor(pino({ level: 'info' }))).toBe(kafkaJsLogLevels.INFO);
    expect(kafkaJsLevelFor(pino({ level: 'warn' }))).toBe(kafkaJsLogLevels.WARN);
    expect(kafkaJsLevelFor(pino({ level: 'fatal' }))).toBe(kafkaJsLogLevels.NOTHING);
    expect(kafkaJsLevelFor(pino({ level: 'silent' }))).toBe(kafkaJsLogLevels.NOTHING);
  });

  it('keeps raw error responses at debug and reports what a caller gives up on', async () => {
    const { logger, lines } = capture('info');
    const log = pinoLogCreator(logger)(kafkaJsLogLevels.INFO);
    log({ ...entry(kafkaJsLogLevels.ERROR, 'Response AddOffsetsToTxn(key: 25, version: 1)'), namespace: 'Connection' });
    log(entry(kafkaJsLogLevels.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded'));
    logger.flush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((l) => l.msg)).toEqual(['Crash: KafkaJSNumberOfRetriesExceeded']);
  });
});
