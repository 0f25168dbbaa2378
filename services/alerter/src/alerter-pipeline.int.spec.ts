import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createKafkaBus } from '@vigia/bus';
import { createAggregatorService } from '@vigia/aggregator';
import { createNormalizerStage } from '@vigia/normalizer';
import { defaultRulesUrl } from '@vigia/rules';
import { encodeTopicValue, topicName, topicSpecs, type RawReport } from '@vigia/schemas';
import { pino } from 'pino';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { createAlerterService } from './alerter-service.ts';
import { decodeJson, readTopic, run, silentLogger, waitUntil } from './testing/alerter-support.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string[];
  }
}

function surveyReport(eventId: string, zone: string, year: number, hectares: number): RawReport {
  return {
    type: 'report.received',
    ingestId: randomUUID(),
    batchId: randomUUID(),
    receivedAt: '2024-03-15T14:31:07.250Z',
    source: { channel: 'http', publisher: 'devida' },
    format: 'json',
    recordNumber: 1,
    record: {
      kind: 'json',
      value: {
        kind: 'cultivation-survey',
        eventId,
        zone,
        year,
        hectares,
        edition: `Monitoreo de cultivos de coca ${year}`,
        source: { name: 'DEVIDA', kind: 'government' },
        confidence: 'high',
      },
    },
  };
}

describe('alerter on the real broker, end to end', () => {
  it('raw surveys in → a cultivation-growth alert for the zone that grew > 15 %, none for the one that grew less', async () => {
    const namespace = `t-${randomUUID().slice(0, 8)}`;
    const bus = createKafkaBus(
      { brokers: inject('kafkaBrokers'), clientId: `vigia-alerter-${namespace}`, heartbeatIntervalMs: 500, maxWaitTimeMs: 100 },
      silentLogger,
    );
    onTestFinished(() => bus.close());
    const rulesText = await readFile(defaultRulesUrl, 'utf8');
    const alerter = createAlerterService({ bus, logger: silentLogger, namespace, rulesText, schedules: false, replicationFactor: 1 });
    // Created up front and awaited: a new partition's leader can lag its creation by a moment.
    await bus.admin.ensureTopics(topicSpecs({ namespace, replicationFactor: 1 }));
    for (const spec of topicSpecs({ namespace })) {
      await waitUntil(
        () =>
          bus.admin.endOffsets(spec.name).then(
            () => true,
            () => false,
          ),
        (ok) => ok,
        `leaders of ${spec.name}`,
      );
    }
    await run(
      pino({ level: 'error' }),
      createNormalizerStage({ bus, logger: silentLogger, namespace, replicationFactor: 1 }),
      createAggregatorService({ bus, logger: silentLogger, namespace, replicationFactor: 1, query: false }),
      alerter,
    );
    const raw = topicName('vigia.events.raw.v1', { namespace });
    const reports = [
      surveyReport('devida-2019-vraem', 'VRAEM', 2019, 30_000),
      surveyReport('devida-2019-huallaga', 'Alto Huallaga', 2019, 10_000),
      surveyReport('devida-2020-vraem', 'VRAEM', 2020, 36_000), // +20 %
      surveyReport('devida-2020-huallaga', 'Alto Huallaga', 2020, 11_000), // +10 %
    ];
    for (const report of reports) {
      const value = report.record.kind === 'json' ? (report.record.value as { eventId: string }) : undefined;
      await bus.produce([{ topic: raw, key: value!.eventId, value: encodeTopicValue('vigia.events.raw.v1', report) }]);
    }
    const alerts = await waitUntil(
      async () => (await readTopic(bus, alerter.topics.alerts)).map(decodeJson),
      (all) => all.some((alert) => alert['ruleId'] === 'coca-growth-yoy'),
      'the VRAEM growth alert',
      90_000,
    );
    // Caught up: every indicator the aggregator wrote has been evaluated.
    const ends = await bus.admin.endOffsets(alerter.topics.indicators);
    await waitUntil(
      () => bus.admin.groupOffsets(alerter.groupIds.regions, alerter.topics.indicators),
      (committed) => ends.every((end) => end.offset === 0 || committed.find((c) => c.partition === end.partition)?.offset === end.offset),
      'the alerter to evaluate every indicator',
      60_000,
    );
    const growth = (await readTopic(bus, alerter.topics.alerts)).map(decodeJson).filter((alert) => alert['ruleId'] === 'coca-growth-yoy');
    expect(alerts.length).toBeGreaterThan(0);
    expect(growth.map((alert) => (alert['region'] as { code: string }).code)).toEqual(['zone:vraem']);
    expect(growth[0]).toMatchObject({ state: 'firing', severity: 'critical' });
  });
});
