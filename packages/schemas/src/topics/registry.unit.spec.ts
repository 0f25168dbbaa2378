import { describe, expect, it } from 'vitest';
import { topics } from './registry.ts';
import { alertActionKey, alertStateKey, bucketKey, indicatorKey, parseAlertStateKey, parseBucketKey, parseIndicatorKey, regionPrefixOf } from './keys.ts';
import { resolveTopic, topicName, topicNames } from './topic-names.ts';
import { cloudEventTypeOf, cloudEventTypesOf, partitionKeyOf, topicSpecs } from './topic-specs.ts';

describe('topic registry', () => {
  it('registers the pipeline topics under versioned names', () => {
    expect(topicNames).toEqual([
      'vigia.events.raw.v1',
      'vigia.events.v1',
      'vigia.normalizer.state.v1',
      'vigia.events.dlq.v1',
      'vigia.aggregator.ledger.v1',
      'vigia.contributions.v1',
      'vigia.aggregator.changelog.v1',
      'vigia.indicators.v2',
      'vigia.alerts.v1',
      'vigia.alert-state.v1',
      'vigia.alert-actions.v1',
      'vigia.digests.v1',
      'vigia.alerter.jobs.v1',
    ]);
    for (const name of topicNames) {
      expect(name).toMatch(/^vigia\.[a-z.-]+\.v\d+$/);
      expect(topics[name].name).toBe(name);
    }
  });

  it('co-partitions every region-partitioned topic', () => {
    const regionTopics = topicNames.filter((name) => topics[name].key.partitionBy === 'region-prefix');
    expect(regionTopics).toEqual(['vigia.contributions.v1', 'vigia.aggregator.changelog.v1', 'vigia.indicators.v2', 'vigia.alert-state.v1']);
    expect(new Set(regionTopics.map((name) => topics[name].partitions)).size).toBe(1);
  });

  it('gives single-partition topics one partition', () => {
    for (const name of topicNames) {
      expect(topics[name].key.partitionBy === 'single-partition').toBe(topics[name].partitions === 1);
    }
  });

  it('compacts exactly the latest-value topics, which alone allow tombstones and have no time retention', () => {
    const compacted = topicNames.filter((name) => topics[name].cleanupPolicy === 'compact');
    expect(compacted).toEqual([
      'vigia.normalizer.state.v1',
      'vigia.aggregator.ledger.v1',
      'vigia.aggregator.changelog.v1',
      'vigia.indicators.v2',
      'vigia.alert-state.v1',
    ]);
    for (const name of topicNames) {
      expect(topics[name].tombstones).toBe(topics[name].cleanupPolicy === 'compact');
      expect(topics[name].retentionMs === undefined).toBe(topics[name].cleanupPolicy === 'compact');
    }
  });

  it('keeps the replay sources forever', () => {
    for (const name of ['vigia.events.raw.v1', 'vigia.events.v1', 'vigia.events.dlq.v1'] as const) {
      expect(topics[name].retentionMs).toBe(-1);
    }
  });

  it('documents every topic', () => {
    for (const name of topicNames) {
      const definition = topics[name];
      for (const text of [definition.description, definition.key.description, definition.partitionsWhy, definition.retentionWhy]) {
        expect(text.length).toBeGreaterThan(10);
      }
      expect(definition.producers.length).toBeGreaterThan(0);
      expect(definition.consumers.length).toBeGreaterThan(0);
      expect(definition.valueTypes.length).toBeGreaterThan(0);
    }
  });
});

describe('topic names and namespaces', () => {
  it('prefixes a replay namespace', () => {
    expect(topicName('vigia.events.v1')).toBe('vigia.events.v1');
    expect(topicName('vigia.events.v1', { namespace: 'replay-42' })).toBe('replay-42.vigia.events.v1');
    expect(topicName('vigia.events.v1', { namespace: '' })).toBe('vigia.events.v1');
  });

  it.each(['Replay', 'replay.42', '-x', 'x-', 'a b', 'x'.repeat(64)])('rejects namespace %j', (namespace) => {
    expect(() => topicName('vigia.events.v1', { namespace })).toThrow(expect.objectContaining({ code: 'VIGIA_SCHEMAS_NAMESPACE_INVALID', namespace }));
  });

  it('resolves physical names back to the registry', () => {
    expect(resolveTopic('replay-42.vigia.indicators.v2')).toMatchObject({ base: 'vigia.indicators.v2', namespace: 'replay-42' });
    expect(resolveTopic('vigia.indicators.v2')).toMatchObject({ base: 'vigia.indicators.v2', namespace: undefined });
    expect(resolveTopic('vigia.indicators.v9')).toBeUndefined();
    expect(resolveTopic('Bad.vigia.indicators.v2')).toBeUndefined();
    expect(resolveTopic('toString')).toBeUndefined();
  });
});

describe('topicSpecs', () => {
  it('gives the bus one spec per topic from the registry', () => {
    const specs = topicSpecs({ namespace: 'replay-7' });
    expect(specs).toHaveLength(topicNames.length);
    expect(specs.find((spec) => spec.name === 'replay-7.vigia.indicators.v2')).toEqual({
      name: 'replay-7.vigia.indicators.v2',
      partitions: 12,
      cleanupPolicy: 'compact',
      replicationFactor: 3,
    });
    expect(specs.find((spec) => spec.name === 'replay-7.vigia.alerts.v1')).toMatchObject({
      cleanupPolicy: 'delete',
      retentionMs: 365 * 86_400_000,
    });
  });

  it('can be limited to some topics and a replication factor', () => {
    expect(topicSpecs({ topics: ['vigia.events.v1'], replicationFactor: 1 })).toEqual([
      { name: 'vigia.events.v1', partitions: 12, cleanupPolicy: 'delete', retentionMs: -1, replicationFactor: 1 },
    ]);
  });
});

describe('keys and partitioning', () => {
  it('builds and parses composite keys', () => {
    const key = indicatorKey({ region: 'zone:vraem', metric: 'cultivation.coca.ha', window: 'annual' });
    expect(key).toBe('zone:vraem|cultivation.coca.ha|annual');
    expect(parseIndicatorKey(key)).toEqual({ region: 'zone:vraem', metric: 'cultivation.coca.ha', window: 'annual' });
    expect(parseBucketKey(bucketKey({ region: '05', metric: 'incidents.count', day: '2024-03-14' }))).toEqual({
      region: '05',
      metric: 'incidents.count',
      day: '2024-03-14',
    });
    expect(parseAlertStateKey(alertStateKey({ region: 'PE', fingerprint: 'abc' }))).toEqual({ region: 'PE', fingerprint: 'abc' });
    expect(alertActionKey({ silenceId: 's1' })).toBe('silence:s1');
    expect(alertActionKey({ fingerprint: 'f1' })).toBe('f1');
  });

  it('refuses key parts that would make a key ambiguous', () => {
    expect(() => indicatorKey({ region: '05|x', metric: 'm', window: '7d' })).toThrow(expect.objectContaining({ code: 'VIGIA_SCHEMAS_KEY_INVALID' }));
    expect(() => indicatorKey({ region: '', metric: 'm', window: '7d' })).toThrow(expect.objectContaining({ code: 'VIGIA_SCHEMAS_KEY_INVALID' }));
    expect(() => parseIndicatorKey('05|m')).toThrow(expect.objectContaining({ code: 'VIGIA_SCHEMAS_KEY_INVALID' }));
  });

  it('partitions region-prefixed topics by the region alone', () => {
    expect(regionPrefixOf('zone:vraem|incidents.count|7d')).toBe('zone:vraem');
    expect(partitionKeyOf('vigia.indicators.v2', 'zone:vraem|incidents.count|7d')).toBe('zone:vraem');
    expect(partitionKeyOf('replay-1.vigia.alert-state.v1', '05|abc')).toBe('05');
    expect(partitionKeyOf('vigia.contributions.v1', 'zone:vraem')).toBe('zone:vraem');
    expect(partitionKeyOf('vigia.events.v1', 'a|b')).toBe('a|b');
    expect(partitionKeyOf('vigia.alert-actions.v1', 'silence:x')).toBeUndefined();
  });

  it('names CloudEvents types after the value type and the topic version', () => {
    expect(cloudEventTypeOf('vigia.events.v1', 'event.revised')).toBe('pe.vigia.event.revised.v1');
    expect(cloudEventTypeOf('replay-3.vigia.events.dlq.v1', 'record.rejected')).toBe('pe.vigia.record.rejected.v1');
    expect(cloudEventTypesOf('vigia.events.v1')).toEqual(['pe.vigia.event.recorded.v1', 'pe.vigia.event.revised.v1', 'pe.vigia.event.retracted.v1']);
  });
});
