import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { VigiaError } from '@vigia/schemas';
import { BusError } from '../bus-errors.ts';
import { isFencedError, isKafkaRetriable, KafkaBusError, kafkaBusErrorCodes, toKafkaBusError } from './kafka-errors.ts';

const { KafkaJSError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } = kafkajs;

/** kafkajs builds protocol errors from its table of broker error codes; these mimic two entries. */
const protocolError = (type: string, retriable: boolean) =>
  new KafkaJSProtocolError(Object.assign(new Error(`${type} from broker`), { type, code: 1, retriable }));

describe('isKafkaRetriable', () => {
  it('follows kafkajs retriable flags', () => {
    expect(isKafkaRetriable(new KafkaJSError('connection reset'))).toBe(true);
    expect(isKafkaRetriable(new KafkaJSNonRetriableError('bad request'))).toBe(false);
    expect(isKafkaRetriable(protocolError('NOT_LEADER_FOR_PARTITION', true))).toBe(true);
  });

  it('looks through an exhausted kafkajs retry to the cause that kept failing', () => {
    const transient = new KafkaJSNumberOfRetriesExceeded(new KafkaJSError('broker unreachable'), { retryCount: 5, retryTime: 300 });
    const permanent = new KafkaJSNumberOfRetriesExceeded(new KafkaJSNonRetriableError('bad'), { retryCount: 5, retryTime: 300 });
    expect(isKafkaRetriable(transient)).toBe(true);
    expect(isKafkaRetriable(permanent)).toBe(false);
  });

  it('never retries programming errors, fencing or unknown values', () => {
    expect(isKafkaRetriable(Object.assign(new TypeError('x'), { retriable: true }))).toBe(false);
    expect(isKafkaRetriable(protocolError('PRODUCER_FENCED', true))).toBe(false);
    expect(isKafkaRetriable('oops')).toBe(false);
    expect(isKafkaRetriable(undefined)).toBe(false);
  });
});

describe('toKafkaBusError', () => {
  it('wraps with a code, the cause, enumerable context and the derived retriability', () => {
    const cause = new KafkaJSError('request timed out');
    const error = toKafkaBusError(cause, 'VIGIA_BUS_COMMIT_FAILED', 'committing the offset failed', {
      topic: 'vigia.events.v1',
      partition: 3,
      offset: 42,
      groupId: 'aggregator',
    });
    expect(error).toBeInstanceOf(KafkaBusError);
    expect(error).toMatchObject({ code: 'VIGIA_BUS_COMMIT_FAILED', retriable: true, cause });
    expect(error.message).toBe('committing the offset failed: request timed out');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'KafkaBusError',
      code: 'VIGIA_BUS_COMMIT_FAILED',
      message: 'committing the offset failed: request timed out',
      retriable: true,
      topic: 'vigia.events.v1',
      partition: 3,
      offset: 42,
      groupId: 'aggregator',
      cause: { name: 'KafkaJSError', message: 'request timed out' },
    });
  });

  it('reports fencing as its own non-retriable code, even when wrapped by kafkajs', () => {
    const fenced = new KafkaJSNumberOfRetriesExceeded(protocolError('INVALID_PRODUCER_EPOCH', false), { retryCount: 0, retryTime: 0 });
    expect(isFencedError(fenced)).toBe(true);
    const error = toKafkaBusError(fenced, 'VIGIA_BUS_COMMIT_FAILED', 'commit failed', { transactionalId: 'g-t-0' });
    expect(error).toMatchObject({ code: 'VIGIA_BUS_PRODUCER_FENCED', retriable: false, transactionalId: 'g-t-0' });
  });

  it('reports a commit refused after a rebalance as a revoked partition, and oversized records as such', () => {
    const revoked = toKafkaBusError(protocolError('ILLEGAL_GENERATION', false), 'VIGIA_BUS_COMMIT_FAILED', 'commit failed');
    expect(revoked).toMatchObject({ code: 'VIGIA_BUS_PARTITION_REVOKED', retriable: false });
    const tooLarge = toKafkaBusError(protocolError('MESSAGE_TOO_LARGE', false), 'VIGIA_BUS_PRODUCE_FAILED', 'produce failed');
    expect(tooLarge).toMatchObject({ code: 'VIGIA_BUS_RECORD_TOO_LARGE', retriable: false });
    const invalid = toKafkaBusError(protocolError('INVALID_RECORD', false), 'VIGIA_BUS_PRODUCE_FAILED', 'produce failed');
    expect(invalid).toMatchObject({ code: 'VIGIA_BUS_INVALID_ARGUMENT', retriable: false });
  });

  it('keeps errors that are already ours', () => {
    const ours = new KafkaBusError('VIGIA_BUS_UNKNOWN_TOPIC', 'topic x does not exist', { topic: 'x', retriable: false });
    expect(toKafkaBusError(ours, 'VIGIA_BUS_COMMIT_FAILED', 'commit failed')).toBe(ours);
  });

  it('is a BusError with only the defined context as properties', () => {
    const error = new KafkaBusError('VIGIA_BUS_UNKNOWN_TOPIC', 'no such topic', { topic: 'x', partition: undefined });
    expect(error).toBeInstanceOf(BusError);
    expect(error).toBeInstanceOf(VigiaError);
    expect(error.name).toBe('KafkaBusError');
    expect(error.context).toEqual({ topic: 'x' });
    expect(Object.hasOwn(error, 'partition')).toBe(false);
    expect(error.retriable).toBe(false);
  });

  it('uses prefixed codes only', () => {
    for (const code of kafkaBusErrorCodes) expect(code).toMatch(/^VIGIA_BUS_[A-Z_]+$/);
  });
});
