import { describe, expect, it } from 'vitest';
import { schemasErrorCodes, schemasErrorDescriptions, SchemasError } from './schemas-errors.ts';
import { isVigiaError, serializeError, VigiaError, vigiaErrorCodePattern, type ErrorCodeOf } from './vigia-error.ts';

const testCodes = ['VIGIA_TEST_BROKEN', 'VIGIA_TEST_OTHER_THING'] as const;
type TestCode = ErrorCodeOf<typeof testCodes>;

class TestError extends VigiaError<TestCode> {}

describe('VigiaError', () => {
  it('carries its code, message, cause and context as enumerable properties', () => {
    const cause = new Error('socket closed');
    const error = new VigiaError<TestCode>('VIGIA_TEST_BROKEN', 'commit failed', {
      cause,
      context: { topic: 'vigia.events.v1', partition: 3, offset: 42 },
    });

    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('VIGIA_TEST_BROKEN');
    expect(error.message).toBe('commit failed');
    expect(error.cause).toBe(cause);
    expect(error.retriable).toBe(false);
    expect({ ...error }).toMatchObject({ topic: 'vigia.events.v1', partition: 3, offset: 42 });
    expect(error.context).toEqual({ topic: 'vigia.events.v1', partition: 3, offset: 42 });
  });

  it('takes its name from the subclass', () => {
    const error = new TestError('VIGIA_TEST_OTHER_THING', 'x');
    expect(error.name).toBe('TestError');
    expect(error).toBeInstanceOf(VigiaError);
  });

  it('serializes to JSON with context and the cause chain, without the stack', () => {
    const root = Object.assign(new Error('ECONNREFUSED 127.0.0.1:9092'), { code: 'ECONNREFUSED' });
    const middle = new TestError('VIGIA_TEST_BROKEN', 'broker unreachable', {
      cause: root,
      context: { broker: '127.0.0.1:9092' },
      retriable: true,
    });
    const top = new SchemasError('VIGIA_SCHEMAS_VALUE_INVALID', 'bad value', { cause: middle, context: { topic: 't' } });

    const json = JSON.parse(JSON.stringify(top)) as Record<string, unknown>;

    expect(json).toEqual({
      name: 'SchemasError',
      code: 'VIGIA_SCHEMAS_VALUE_INVALID',
      message: 'bad value',
      retriable: false,
      topic: 't',
      cause: {
        name: 'TestError',
        code: 'VIGIA_TEST_BROKEN',
        message: 'broker unreachable',
        retriable: true,
        broker: '127.0.0.1:9092',
        cause: { name: 'Error', code: 'ECONNREFUSED', message: 'ECONNREFUSED 127.0.0.1:9092' },
      },
    });
    expect(JSON.stringify(top)).not.toContain('at ');
  });

  it('bounds a cyclic cause chain', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(() => JSON.stringify(serializeError(a))).not.toThrow();
    expect(JSON.stringify(serializeError(a))).toContain('[cause chain truncated]');
  });

  it('serializes non-errors as text', () => {
    expect(serializeError('plain')).toBe('plain');
    expect(serializeError({ a: 1 })).toBe('{"a":1}');
    expect(serializeError(undefined)).toBe('undefined');
  });

  it('rejects codes that do not follow VIGIA_<AREA>_<WHAT>', () => {
    for (const code of ['BUS_BROKEN', 'VIGIA_BUS', 'vigia_bus_broken', 'VIGIA__BROKEN', 'VIGIA_BUS_broken']) {
      expect(() => new VigiaError(code, 'x'), code).toThrow(TypeError);
    }
  });

  it('keeps context keys that would shadow standard fields under a prefixed name', () => {
    const error = new VigiaError('VIGIA_TEST_BROKEN', 'x', { context: { code: '050408', message: 'm', stack: 's' } });
    expect(error.code).toBe('VIGIA_TEST_BROKEN');
    expect(error.message).toBe('x');
    expect(error.context).toEqual({ contextCode: '050408', contextMessage: 'm', contextStack: 's' });
    expect(error.toJSON()).toMatchObject({ code: 'VIGIA_TEST_BROKEN', message: 'x', contextCode: '050408' });
  });

  it('is recognized by isVigiaError, optionally by code', () => {
    const error = new TestError('VIGIA_TEST_BROKEN', 'x');
    expect(isVigiaError(error)).toBe(true);
    expect(isVigiaError(error, 'VIGIA_TEST_BROKEN')).toBe(true);
    expect(isVigiaError(error, 'VIGIA_TEST_OTHER_THING')).toBe(false);
    expect(isVigiaError(Object.assign(new Error('x'), { code: 'VIGIA_TEST_BROKEN' }))).toBe(false);
  });
});

describe('schemas error codes', () => {
  it('follow the pattern and are all described', () => {
    for (const code of schemasErrorCodes) {
      expect(code).toMatch(vigiaErrorCodePattern);
      expect(code.startsWith('VIGIA_SCHEMAS_')).toBe(true);
      expect(schemasErrorDescriptions[code].length).toBeGreaterThan(10);
    }
    expect(Object.keys(schemasErrorDescriptions).sort()).toEqual([...schemasErrorCodes].sort());
  });
});
