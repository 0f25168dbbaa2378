import { describe, expect, it } from 'vitest';
import { compareWindowSums, type SeriesWindowSums } from './window-sums.ts';

const sums = (asOf: string, value: number, events = 1): SeriesWindowSums => ({
  asOf,
  windows: { '7d': { value, events }, '30d': { value, events }, '90d': { value, events }, '365d': { value: value + 10, events: events + 1 } },
});

describe('compareWindowSums (the aggregator-vs-Kafka-Streams check)', () => {
  it('passes when both sides hold the same sums as of the day', () => {
    const vigia = new Map([['PE|incidents.count', sums('2024-12-31', 3)]]);
    const peer = new Map([['PE|incidents.count', sums('2024-12-31', 3)]]);
    expect(compareWindowSums(vigia, peer, '2024-12-31')).toEqual({ compared: 1, peerKeysAsOf: 1, mismatches: [] });
  });

  it('reports a window whose value or event count differs', () => {
    const vigia = new Map([['PE|incidents.count', sums('2024-12-31', 3)]]);
    const peer = new Map([['PE|incidents.count', { ...sums('2024-12-31', 3), windows: { ...sums('2024-12-31', 3).windows, '30d': { value: 3, events: 2 } } }]]);
    const { mismatches } = compareWindowSums(vigia, peer, '2024-12-31');
    expect(mismatches.map((m) => m.window)).toEqual(['30d']);
  });

  it('reports a window one side lacks', () => {
    const vigia = new Map([['PE|incidents.count', { asOf: '2024-12-31', windows: { '7d': { value: 3, events: 1 } } }]]);
    const peer = new Map([['PE|incidents.count', sums('2024-12-31', 3)]]);
    expect(compareWindowSums(vigia, peer, '2024-12-31').mismatches.map((m) => m.window)).toEqual(['30d', '90d', '365d']);
  });

  it('tolerates only summation-order rounding', () => {
    const vigia = new Map([['PE|seizures.gold.kg', sums('2024-12-31', 0.1 + 0.2)]]);
    const close = new Map([['PE|seizures.gold.kg', sums('2024-12-31', 0.3)]]);
    const far = new Map([['PE|seizures.gold.kg', sums('2024-12-31', 0.3001)]]);
    expect(compareWindowSums(vigia, close, '2024-12-31').mismatches).toEqual([]);
    expect(compareWindowSums(vigia, far, '2024-12-31').mismatches).toHaveLength(4);
  });

  it('compares only keys both sides hold as of the day, and counts the peer keys it could not', () => {
    const vigia = new Map([
      ['PE|incidents.count', sums('2024-12-30', 1)],
      ['01|incidents.count', sums('2024-12-31', 2)],
    ]);
    const peer = new Map([
      ['PE|incidents.count', sums('2024-12-31', 9)],
      ['01|incidents.count', sums('2024-12-31', 2)],
      ['02|incidents.count', sums('2024-12-29', 5)],
    ]);
    expect(compareWindowSums(vigia, peer, '2024-12-31')).toEqual({ compared: 1, peerKeysAsOf: 2, mismatches: [] });
  });
});
