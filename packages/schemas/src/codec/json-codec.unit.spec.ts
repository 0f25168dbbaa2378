import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topicExamples } from '../export/topic-examples.ts';
import { alertActionArb, dlqRecordArb, eventChangeArb, indicatorSeriesArb } from '../testing/arbitraries.ts';
import { topicNames, type TopicName } from '../topics/topic-names.ts';
import { isVigiaError } from '../vigia-error.ts';
import { formatIssuePath } from './issues.ts';
import { decodeTopicValue, encodeJson, encodeTopicValue, maxJsonDepth, type TopicValue } from './json-codec.ts';

const encoder = new TextEncoder();
const anyTopic = fc.constantFrom(...topicNames);

function roundTrips<Name extends TopicName>(topic: Name, arbitrary: fc.Arbitrary<TopicValue<Name>>): void {
  fc.assert(
    fc.property(arbitrary, (value) => {
      const decoded = decodeTopicValue(topic, encodeTopicValue(topic, value));
      expect(decoded).toEqual({ ok: true, value });
    }),
  );
}

describe('encodeJson', () => {
  it('encodes UTF-8 JSON', () => {
    expect(new TextDecoder().decode(encodeJson({ lugar: 'Apurímac', n: 1 }))).toBe('{"lugar":"Apurímac","n":1}');
  });

  it('throws VIGIA_SCHEMAS_VALUE_INVALID for values without a JSON form', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const value of [undefined, () => 1, 10n, cyclic]) {
      expect(() => encodeJson(value)).toThrow(expect.objectContaining({ code: 'VIGIA_SCHEMAS_VALUE_INVALID' }));
    }
  });
});

describe('decodeTopicValue', () => {
  it.each(topicNames)('accepts the example value of %s', (topic) => {
    const example = topicExamples[topic];
    expect(decodeTopicValue(topic, encodeJson(example))).toEqual({ ok: true, value: example });
  });

  it('reports JSON_MALFORMED for bytes that are not JSON or not UTF-8', () => {
    for (const bytes of [encoder.encode('{"type":'), encoder.encode(''), new Uint8Array([0x22, 0xff, 0x22])]) {
      const result = decodeTopicValue('vigia.events.v1', bytes);
      expect(result).toMatchObject({ ok: false, reason: 'JSON_MALFORMED', issues: [] });
    }
  });

  it('reports SCHEMA_INVALID with field paths', () => {
    const { correction: _, ...incomplete } = topicExamples['vigia.indicators.v2'];
    const result = decodeTopicValue('vigia.indicators.v2', encodeJson({ ...incomplete, asOf: '2021-02-30' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe('SCHEMA_INVALID');
    expect(result.issues.map((issue) => issue.path)).toEqual(['asOf', 'correction']);
    expect(result.message).toMatch(/^asOf: .* \(and 1 more\)$/);
  });

  it('accepts namespaced topic names at run time', () => {
    const example = topicExamples['vigia.indicators.v2'];
    const result = decodeTopicValue('replay-42.vigia.indicators.v2' as 'vigia.indicators.v2', encodeJson(example));
    expect(result.ok).toBe(true);
  });

  it('throws VIGIA_SCHEMAS_TOPIC_UNKNOWN for a topic that is not registered', () => {
    expect(() => decodeTopicValue('vigia.nope.v1' as TopicName, encodeJson({}))).toThrow(expect.objectContaining({ code: 'VIGIA_SCHEMAS_TOPIC_UNKNOWN' }));
  });

  it('rejects hostile nesting instead of overflowing the stack', () => {
    const raw = topicExamples['vigia.events.raw.v1'];
    for (const depth of [maxJsonDepth, 100_000]) {
      const text = JSON.stringify({ ...raw, record: { kind: 'json', value: 0 } }).replace('"value":0', `"value":${'['.repeat(depth)}${']'.repeat(depth)}`);
      const result = decodeTopicValue('vigia.events.raw.v1', encoder.encode(text));
      expect(result).toMatchObject({ ok: false, reason: 'SCHEMA_INVALID' });
    }
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(anyTopic, fc.uint8Array({ maxLength: 300 }), (topic, bytes) => {
        const result = decodeTopicValue(topic, bytes);
        if (!result.ok) expect(['JSON_MALFORMED', 'SCHEMA_INVALID']).toContain(result.reason);
      }),
    );
  });

  it('never throws on arbitrary JSON, and only schema failures remain', () => {
    fc.assert(
      fc.property(anyTopic, fc.jsonValue(), (topic, value) => {
        const result = decodeTopicValue(topic, encodeJson(value));
        expect(result).toMatchObject({ ok: false, reason: 'SCHEMA_INVALID' });
      }),
    );
  });

  it('never throws on mutations of valid values', () => {
    const mutated = fc.tuple(anyTopic, fc.jsonValue(), fc.nat()).map(([topic, junk, index]) => {
      const value = structuredClone(topicExamples[topic]) as Record<string, unknown>;
      const keys = Object.keys(value);
      value[keys[index % keys.length]!] = junk;
      return [topic, value] as const;
    });
    fc.assert(
      fc.property(mutated, ([topic, value]) => {
        const result = decodeTopicValue(topic, encodeJson(value));
        if (!result.ok) expect(result.issues.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('encodeTopicValue', () => {
  it('refuses values that break the contract, listing the issues', () => {
    const value = { ...topicExamples['vigia.indicators.v2'], level: 'district' } as const;
    let thrown: unknown;
    try {
      encodeTopicValue('vigia.indicators.v2', value);
    } catch (error) {
      thrown = error;
    }
    expect(isVigiaError(thrown, 'VIGIA_SCHEMAS_VALUE_INVALID')).toBe(true);
    expect(thrown).toMatchObject({ topic: 'vigia.indicators.v2', issues: [{ path: 'region' }] });
  });
});

describe('valid values round-trip through encode and decode', () => {
  it('indicators', () => roundTrips('vigia.indicators.v2', indicatorSeriesArb));
  it('event changes', () => roundTrips('vigia.events.v1', eventChangeArb));
  it('DLQ records', () => roundTrips('vigia.events.dlq.v1', dlqRecordArb));
  it('alert actions', () => roundTrips('vigia.alert-actions.v1', alertActionArb));
});

describe('formatIssuePath', () => {
  it('writes dotted paths with bracketed indexes and odd keys', () => {
    expect(formatIssuePath([])).toBe('');
    expect(formatIssuePath(['items', 0, 'quantity', 'unit'])).toBe('items[0].quantity.unit');
    expect(formatIssuePath(['record', 'columns', 'Fecha evento'])).toBe('record.columns["Fecha evento"]');
    expect(formatIssuePath([Symbol('x')])).toBe('["Symbol(x)"]');
  });
});
