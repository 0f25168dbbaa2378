import fc from 'fast-check';
import type { KafkaMessage, RecordMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { partitionForKey } from '../partitioner.ts';
import type { OutgoingRecord } from '../port.ts';
import {
  assertValidRecord,
  fromKafkaMessage,
  headersFromKafka,
  PartitionChooser,
  positionsFromMetadata,
  toKafkaMessage,
  toTopicMessages,
} from './kafka-records.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

function kafkaMessage(fields: Partial<KafkaMessage> & { offset: string }): KafkaMessage {
  return { key: null, value: null, timestamp: '0', attributes: 0, headers: {}, ...fields } as KafkaMessage;
}

describe('fromKafkaMessage', () => {
  it('keeps null and empty keys apart, and tombstones null', () => {
    const record = fromKafkaMessage('t', 3, kafkaMessage({ offset: '41', key: Buffer.alloc(0), value: null, timestamp: '1609459199123' }));
    expect(record).toEqual({ topic: 't', partition: 3, offset: 41, key: '', value: null, headers: {}, timestampMs: 1609459199123 });
    expect(fromKafkaMessage('t', 0, kafkaMessage({ offset: '0' })).key).toBeNull();
  });

  it('decodes UTF-8 keys and header values, the last of a repeated header winning', () => {
    const headers = { ce_type: Buffer.from('vigia.seizure.recorded'), note: [Buffer.from('old'), Buffer.from('Apurímac ñ')] };
    const record = fromKafkaMessage('t', 0, kafkaMessage({ offset: '1', key: Buffer.from('PE-05|coca'), headers }));
    expect(record.key).toBe('PE-05|coca');
    expect(record.headers).toEqual({ ce_type: 'vigia.seizure.recorded', note: 'Apurímac ñ' });
    expect(headersFromKafka(undefined)).toEqual({});
  });
});

describe('toKafkaMessage', () => {
  it('shares the value bytes instead of copying them and carries timestamp and headers', () => {
    const backing = bytes('xx{"kg":1}xx');
    const value = backing.subarray(2, 10);
    const message = toKafkaMessage({ topic: 't', key: 'k', value, headers: { a: 'b' }, timestampMs: 1234 }, 2);
    expect(message).toMatchObject({ key: 'k', partition: 2, headers: { a: 'b' }, timestamp: '1234' });
    const buffer = message.value as Buffer;
    expect(buffer.toString()).toBe('{"kg":1}');
    expect(buffer.buffer).toBe(backing.buffer);
  });

  it('leaves out what the record does not set', () => {
    const message = toKafkaMessage({ topic: 't', key: null, value: null }, 0);
    expect(message).toEqual({ key: null, value: null, partition: 0 });
  });
});

describe('assertValidRecord', () => {
  it('refuses negative or fractional timestamps and non-string headers', () => {
    const base = { topic: 't', key: 'k', value: null };
    for (const timestampMs of [-5, 1.5, Number.NaN]) {
      expect(() => assertValidRecord({ ...base, timestampMs })).toThrow(expect.objectContaining({ code: 'VIGIA_BUS_INVALID_ARGUMENT' }));
    }
    const headers = { n: 1 } as unknown as Record<string, string>;
    expect(() => assertValidRecord({ ...base, headers })).toThrow(expect.objectContaining({ code: 'VIGIA_BUS_INVALID_ARGUMENT' }));
    expect(() => assertValidRecord({ ...base, timestampMs: 0, headers: { a: '' } })).not.toThrow();
  });
});

describe('PartitionChooser', () => {
  it('puts keyed records where partitionForKey says, like the embedded log', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 64 }), (key, partitions) => {
        const chooser = new PartitionChooser();
        expect(chooser.choose({ topic: 't', key, value: null }, partitions)).toBe(partitionForKey(key, partitions));
      }),
    );
  });

  it('honours an explicit partition and refuses one the topic does not have', () => {
    const chooser = new PartitionChooser();
    expect(chooser.choose({ topic: 't', key: 'k', value: null, partition: 5 }, 6)).toBe(5);
    expect(() => chooser.choose({ topic: 't', key: 'k', value: null, partition: 6 }, 6)).toThrow(
      expect.objectContaining({ code: 'VIGIA_BUS_UNKNOWN_PARTITION', topic: 't', partition: 6, retriable: false }),
    );
  });

  it('spreads keyless records over every partition in turn', () => {
    const chooser = new PartitionChooser();
    const seen = Array.from({ length: 8 }, () => chooser.choose({ topic: 't', key: null, value: null }, 4));
    expect(new Set(seen)).toEqual(new Set([0, 1, 2, 3]));
    expect(seen.slice(4)).toEqual(seen.slice(0, 4));
  });
});

describe('positionsFromMetadata', () => {
  it('gives each record its offset in input order from per-partition base offsets', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ topic: fc.constantFrom('a', 'b'), partition: fc.integer({ min: 0, max: 2 }) }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (placed, base) => {
          const records: OutgoingRecord[] = placed.map(({ topic }) => ({ topic, key: null, value: null }));
          const partitions = placed.map((p) => p.partition);
          const metadata: RecordMetadata[] = [];
          for (const topic of ['a', 'b']) {
            for (const partition of [0, 1, 2]) {
              metadata.push({ topicName: topic, partition, errorCode: 0, baseOffset: String(base + partition) });
            }
          }
          const positions = positionsFromMetadata(records, partitions, metadata);
          // Offsets per topic-partition are consecutive from the base, in input order.
          const next = new Map<string, number>();
          positions.forEach((position, i) => {
            expect(position.topic).toBe(records[i]!.topic);
            expect(position.partition).toBe(partitions[i]);
            const id = `${position.topic}/${position.partition}`;
            const expected = next.get(id) ?? base + position.partition;
            expect(position.offset).toBe(expected);
            next.set(id, expected + 1);
          });
        },
      ),
    );
  });

  it('fails loudly when the broker did not answer for a partition', () => {
    expect(() => positionsFromMetadata([{ topic: 'a', key: null, value: null }], [1], [])).toThrow(
      expect.objectContaining({ code: 'VIGIA_BUS_PRODUCE_FAILED', topic: 'a', partition: 1 }),
    );
  });
});

describe('toTopicMessages', () => {
  it('groups by topic and keeps input order within each', () => {
    const records: OutgoingRecord[] = [
      { topic: 'a', key: '1', value: null },
      { topic: 'b', key: '2', value: null },
      { topic: 'a', key: '3', value: null },
    ];
    expect(toTopicMessages(records, [0, 1, 0])).toEqual([
      {
        topic: 'a',
        messages: [
          { key: '1', value: null, partition: 0 },
          { key: '3', value: null, partition: 0 },
        ],
      },
      { topic: 'b', messages: [{ key: '2', value: null, partition: 1 }] },
    ]);
  });
});
