import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkBySize, chunkTopicMessages } from './request-size.ts';

describe('chunkBySize', () => {
  it('keeps every item, in order, in chunks under the limit (an oversized item alone)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 300 })), fc.integer({ min: 1, max: 500 }), (sizes, maxBytes) => {
        const chunks = chunkBySize(sizes, (size) => size, maxBytes);
        expect(chunks.flat()).toEqual(sizes);
        for (const chunk of chunks) {
          const total = chunk.reduce((sum, size) => sum + size, 0);
          expect(chunk.length === 1 || total <= maxBytes).toBe(true);
        }
      }),
    );
  });
});

describe('chunkTopicMessages', () => {
  it('splits a transaction too large for one request, keeping each topic’s message order', () => {
    const value = Buffer.alloc(300 * 1024);
    const topicMessages = [
      { topic: 'indicators', messages: [0, 1, 2].map((i) => ({ key: `PE|m${i}`, value, partition: 3 })) },
      { topic: 'changelog', messages: [{ key: 'PE|m|2020-01-01', value: Buffer.from('{}'), partition: 3 }] },
    ];
    const chunks = chunkTopicMessages(topicMessages);
    expect(chunks.length).toBeGreaterThan(1);
    const sent = chunks.flatMap((chunk) => chunk.flatMap(({ topic, messages }) => messages.map((m) => `${topic}:${m.key}`)));
    expect(sent).toEqual(['indicators:PE|m0', 'indicators:PE|m1', 'indicators:PE|m2', 'changelog:PE|m|2020-01-01']);
  });
});
