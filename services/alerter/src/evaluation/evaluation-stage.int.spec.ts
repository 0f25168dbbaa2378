import type { Engine } from '@vigia/rules';
import { dlqRecordSchema, topicSpecs, type TopicName } from '@vigia/schemas';
import { MetricsRegistry } from '@vigia/service-kit';
import { describe, expect, it } from 'vitest';
import { createAlerterService } from '../alerter-service.ts';
import { RuleSet } from '../rules/rule-set.ts';
import { decodeJson, embeddedBus, indicator, publishIndicators, readTopic, silentLogger, testRules, waitUntil } from '../testing/alerter-support.ts';
import { createEvaluationStage } from './evaluation-stage.ts';
import { regionEntries } from './restore-partition.ts';

const partitions = 12;

/**
 * Issue 10: the alerter's transform was not isolated per record, so an
 * unexpected throw from the engine stopped the stage instead of sending the
 * record to the DLQ.
 */
describe('alerter evaluation stage', () => {
  it('sends a record whose evaluation throws to the DLQ and goes on with the others', async () => {
    const { bus } = await embeddedBus();
    const namespace = `iso${Date.now()}`;
    // The service is only asked for its topic names here; its own stages are not started.
    const { topics } = createAlerterService({ bus, logger: silentLogger, rulesText: testRules, schedules: false, namespace });
    const bases: TopicName[] = [
      'vigia.indicators.v2',
      'vigia.alerts.v1',
      'vigia.alert-state.v1',
      'vigia.alert-actions.v1',
      'vigia.alerter.jobs.v1',
      'vigia.digests.v1',
      'vigia.events.dlq.v1',
    ];
    await bus.admin.ensureTopics(topicSpecs({ namespace, topics: bases }));
    const rules = new RuleSet({ logger: silentLogger });
    expect(rules.load(testRules)).toBe(true);
    // A fault in the engine for one region only: the kind of bug a rule edge case could hide.
    const faulty = (engine: Engine): Engine => ({
      rules: engine.rules,
      evaluate(state, input, now) {
        if ('region' in input && input.region === '0505') throw new TypeError("cannot read properties of undefined (reading 'threshold')");
        return engine.evaluate(state, input, now);
      },
    });
    const metrics = new MetricsRegistry();
    const stage = createEvaluationStage({
      name: 'alerter',
      bus,
      logger: silentLogger,
      metrics,
      groupId: `${namespace}.vigia-alerter`,
      transactionalId: undefined,
      dataTopics: [topics.indicators],
      topics,
      engine: () => faulty(rules.regionEngine),
      owns: regionEntries,
      restoreFromAllStatePartitions: false,
      runsJobs: false,
      partitions,
      now: () => new Date('2024-03-20T00:00:00Z'),
    });
    const processor = await stage.start();

    const clashes = { level: 'province', metric: 'incidents.armed-clash.count', window: '7d', value: 4, asOf: '2024-03-14' } as const;
    await publishIndicators(bus, topics.indicators, [indicator({ ...clashes, region: '0505' })]);
    await publishIndicators(bus, topics.indicators, [indicator({ ...clashes, region: '0504' })]);

    const dlq = await waitUntil(
      () => readTopic(bus, topics.dlq),
      (records) => records.length === 1,
      'the failed record in the DLQ',
    );
    const alerts = await waitUntil(
      () => readTopic(bus, topics.alerts),
      (records) => records.length === 1,
      'the alert of the healthy region',
    );
    expect(processor.state).toBe('running');
    const rejection = dlqRecordSchema.parse(decodeJson(dlq[0]!));
    expect(rejection).toMatchObject({ reason: 'PROCESSING_FAILED', stage: 'alerter', source: { topic: topics.indicators } });
    expect(rejection.message).toContain('TypeError');
    expect(decodeJson(alerts[0]!)).toMatchObject({ state: 'firing', region: { code: '0504' } });
    await waitUntil(
      async () => (await metrics.exposition()).text,
      (text) => text.includes('vigia_stage_records_rejected_total{stage="alerter",reason="PROCESSING_FAILED"} 1'),
      'the rejection counted once committed',
    );
    await processor.stop();
  });
});
