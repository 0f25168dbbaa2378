import { serializeError, VigiaError, vigiaErrorCodePattern } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { BusConfigError } from './bus-config.ts';
import { BusError, busErrorCodes, busErrorDescriptions } from './bus-errors.ts';
import { EmbeddedBusError, embeddedBusErrorCodes } from './embedded/embedded-errors.ts';
import { KafkaBusError, kafkaBusErrorCodes } from './kafka/kafka-errors.ts';
import { RetriesExhaustedError } from './retry.ts';
import { RecordRejectedError } from './transform.ts';

describe('bus error codes', () => {
  it('are unique, prefixed VIGIA_BUS_ and described', () => {
    expect(new Set(busErrorCodes).size).toBe(busErrorCodes.length);
    for (const code of busErrorCodes) {
      expect(code).toMatch(vigiaErrorCodePattern);
      expect(code.startsWith('VIGIA_BUS_')).toBe(true);
      expect(busErrorDescriptions[code].length, code).toBeGreaterThan(40);
    }
    expect(Object.keys(busErrorDescriptions).sort()).toEqual([...busErrorCodes].sort());
  });

  it('include every code either adapter throws', () => {
    expect(busErrorCodes).toEqual(expect.arrayContaining([...kafkaBusErrorCodes, ...embeddedBusErrorCodes]));
  });
});

describe('bus error classes', () => {
  it('share one base class and keep their names', () => {
    const cause = new Error('disk full');
    const errors = [
      new KafkaBusError('VIGIA_BUS_CLOSED', 'closed'),
      new EmbeddedBusError('VIGIA_BUS_STORAGE_FAILED', 'write failed', { cause }),
      new RetriesExhaustedError(3, cause),
      new RecordRejectedError('SCHEMA_INVALID', 'bad'),
      new BusConfigError('bad env', [{ variable: 'KAFKA_SSL', message: 'write true or false' }]),
      new BusError('VIGIA_BUS_PROCESSOR_STATE', 'cannot start'),
    ];
    expect(errors.map((error) => error instanceof BusError && error instanceof VigiaError)).toEqual(errors.map(() => true));
    expect(errors.map((error) => error.name)).toEqual([
      'KafkaBusError',
      'EmbeddedBusError',
      'RetriesExhaustedError',
      'RecordRejectedError',
      'BusConfigError',
      'BusError',
    ]);
  });

  // Regression: with useDefineForClassFields a subclass field declaration
  // re-initializes the property to undefined after super(), wiping the context.
  it('keep their context as enumerable properties that survive subclass construction', () => {
    const embedded = new EmbeddedBusError('VIGIA_BUS_UNKNOWN_PARTITION', 'no partition 9', {
      topic: 't',
      partition: 9,
      operation: 'produce',
    });
    expect(embedded).toMatchObject({ topic: 't', partition: 9, operation: 'produce' });
    expect(Object.keys(embedded)).toEqual(expect.arrayContaining(['topic', 'partition', 'operation']));
    expect(Object.hasOwn(embedded, 'offset')).toBe(false);

    const exhausted = new RetriesExhaustedError(4, new Error('x'));
    expect(exhausted).toMatchObject({ code: 'VIGIA_BUS_RETRIES_EXHAUSTED', attempts: 4 });

    const issues = [{ path: 'occurredAt', message: 'not a date' }];
    const rejected = new RecordRejectedError('SCHEMA_INVALID', 'bad', issues);
    expect(rejected).toMatchObject({ code: 'VIGIA_BUS_RECORD_REJECTED', reason: 'SCHEMA_INVALID', issues });

    const config = new BusConfigError('bad env', [
      { variable: 'KAFKA_SSL', message: 'a' },
      { variable: 'KAFKA_SSL', message: 'b' },
      { variable: 'VIGIA_FSYNC', message: 'c' },
    ]);
    expect(config).toMatchObject({ code: 'VIGIA_BUS_CONFIG_INVALID', variables: ['KAFKA_SSL', 'VIGIA_FSYNC'] });
    expect(config.issues).toHaveLength(3);
  });

  it('keep retriable semantics: embedded never, kafka from the cause or the override', () => {
    const transient = Object.assign(new Error('timeout'), { retriable: true });
    expect(new EmbeddedBusError('VIGIA_BUS_STORAGE_FAILED', 'x', { cause: transient }).retriable).toBe(false);
    expect(new KafkaBusError('VIGIA_BUS_PRODUCE_FAILED', 'x', { cause: transient }).retriable).toBe(true);
    expect(new KafkaBusError('VIGIA_BUS_PRODUCE_FAILED', 'x', { cause: transient, retriable: false }).retriable).toBe(false);
    expect(new RetriesExhaustedError(2, transient).retriable).toBe(false);
    expect(new RecordRejectedError('SCHEMA_INVALID', 'x').retriable).toBe(false);
  });

  it('serialize with code, context and cause chain', () => {
    const cause = new Error('EACCES');
    const error = new EmbeddedBusError('VIGIA_BUS_STORAGE_FAILED', 'could not open', { path: '/data', operation: 'open', cause });
    expect(serializeError(error)).toEqual({
      name: 'EmbeddedBusError',
      code: 'VIGIA_BUS_STORAGE_FAILED',
      message: 'could not open',
      retriable: false,
      path: '/data',
      operation: 'open',
      cause: { name: 'Error', message: 'EACCES' },
    });
  });
});
