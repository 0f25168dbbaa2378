import { changelogValueSchema } from '../aggregation/aggregator-bucket.ts';
import { contributionsTopicValueSchema } from '../aggregation/contribution.ts';
import { indicatorSeriesSchema } from '../aggregation/indicator.ts';
import { fanOutLedgerSchema } from '../aggregation/fan-out-ledger.ts';
import { alertActionSchema } from '../alerts/alert-actions.ts';
import { alerterJobSchema, alertStateRecordSchema } from '../alerts/alert-state.ts';
import { alertSchema } from '../alerts/alert.ts';
import { digestSchema } from '../alerts/digest.ts';
import { dlqRecordSchema } from '../dlq/dlq-record.ts';
import { eventChangeTypes, eventChangeSchema } from '../events/event-change.ts';
import { normalizerStateSchema } from '../events/normalizer-state.ts';
import { rawReportSchema } from '../events/raw-report.ts';
import { defineTopic, retainForever, retentionDays } from './topic-definition.ts';

/**
 * Why 12 partitions for keyed streams: the partition count caps the consumers
 * of a group, and changing it later re-hashes every key (breaking per-key order,
 * co-partitioning and compacted state), so it is chosen once with headroom.
 * 12 splits evenly over 1, 2, 3, 4, 6 and 12 instances.
 */
const keyedPartitions = 12;
const keyedWhy = 'Keyed stream: 12 caps a group at 12 instances and divides evenly over 1, 2, 3, 4, 6 and 12.';
const coPartitionedWhy =
  'Must equal the other region-partitioned topics (contributions, changelog, indicators, alert-state): ' +
  'a region lives on the same partition number in all of them.';
const replayWhy = 'Kept forever: the source of truth for replays and re-processing.';

export const rawTopic = defineTopic({
  name: 'vigia.events.raw.v1',
  title: 'Raw reports',
  description: 'Every record submitted to ingest (HTTP, file import, CLI), exactly as received, with its provenance.',
  key: {
    format: 'eventId',
    description:
      "The report's event id (our eventId, ACLED event_id_cnty) or, when it has none, a content hash of source " +
      'and record, so a re-sent report gets the same key. Co-partitioned with vigia.events.v1 (same key, same ' +
      'partition count): the normalizer restores the dedup state of raw partition p from events partition p.',
    example: 'PER12345',
    partitionBy: 'key',
  },
  valueSchema: rawReportSchema,
  valueTypes: ['report.received'],
  tombstones: false,
  partitions: keyedPartitions,
  partitionsWhy: keyedWhy,
  cleanupPolicy: 'delete',
  retentionMs: retainForever,
  retentionWhy: replayWhy,
  producers: ['ingest'],
  consumers: ['normalizer'],
});

export const eventsTopic = defineTopic({
  name: 'vigia.events.v1',
  title: 'Canonical event changes',
  description:
    'Validated, normalized incidents, seizures and cultivation surveys, as changes: recorded, ' + 'revised (with the previous version) or retracted.',
  key: {
    format: 'eventId',
    description: 'eventId: every revision of an event lands on one partition, in order.',
    example: 'pnp-dirandro-2024-000123',
    partitionBy: 'key',
  },
  valueSchema: eventChangeSchema,
  valueTypes: eventChangeTypes,
  tombstones: false,
  partitions: keyedPartitions,
  partitionsWhy: keyedWhy,
  cleanupPolicy: 'delete',
  retentionMs: retainForever,
  retentionWhy: replayWhy,
  producers: ['normalizer'],
  consumers: ['aggregator', 'console', 'cli (replay, export)'],
});

export const normalizerStateTopic = defineTopic({
  name: 'vigia.normalizer.state.v1',
  title: 'Normalizer state',
  description:
    "The normalizer's state: the latest accepted version of each event and the publisher owning it. Restores the " +
    'dedup, revision and ownership state of a raw partition after a restart or rebalance without re-reading vigia.events.v1.',
  key: {
    format: 'eventId',
    description: "eventId. Written to the partition number of the raw record, which is the key's own partition (co-partitioned with vigia.events.raw.v1).",
    example: 'pnp-dirandro-2024-000123',
    partitionBy: 'key',
  },
  valueSchema: normalizerStateSchema,
  valueTypes: ['event.latest'],
  tombstones: true,
  partitions: keyedPartitions,
  partitionsWhy: 'Must equal vigia.events.raw.v1: partition p holds the state of raw partition p.',
  cleanupPolicy: 'compact',
  retentionWhy: 'Compacted: one latest version per event, so a restore reads the live state, not the history.',
  producers: ['normalizer'],
  consumers: ['normalizer (restore)'],
});

export const dlqTopic = defineTopic({
  name: 'vigia.events.dlq.v1',
  title: 'Dead letters',
  description: 'Every rejected record, with the reason, the stage, where it was read and its original bytes and headers.',
  key: {
    format: 'original key',
    description: "The rejected record's original key (null when it had none), so a fixed record can be re-driven unchanged.",
    example: 'pnp-dirandro-2024-000123',
    partitionBy: 'key',
  },
  valueSchema: dlqRecordSchema,
  valueTypes: ['record.rejected'],
  tombstones: false,
  partitions: keyedPartitions,
  partitionsWhy: 'Keyed like its sources, so rejections of one key stay in order.',
  cleanupPolicy: 'delete',
  retentionMs: retainForever,
  retentionWhy: 'Kept forever: nothing is lost, every rejection can be inspected and re-driven.',
  producers: ['ingest', 'normalizer', 'aggregator', 'alerter'],
  consumers: ['console', 'cli (dlq inspect, re-drive)'],
});

export const contributionsTopic = defineTopic({
  name: 'vigia.contributions.v1',
  title: 'Contributions (repartition)',
  description:
    'An event change fanned out to each target region (district, province, department, zones, nation) ' +
    "and day: the aggregator's repartition step. Also carries the fan-out's watermark, produced to every " +
    'partition (key `watermark`), from which every aggregate partition derives the same "as of" day.',
  key: {
    format: 'region',
    description: 'Target region code (UBIGEO, zone:<id> or PE); `watermark` for watermark records, which name their partition explicitly.',
    example: 'zone:vraem',
    partitionBy: 'region-prefix',
  },
  valueSchema: contributionsTopicValueSchema,
  valueTypes: ['contribution.emitted', 'watermark.advanced'],
  tombstones: false,
  partitions: keyedPartitions,
  partitionsWhy: coPartitionedWhy,
  cleanupPolicy: 'delete',
  retentionMs: retentionDays(7),
  retentionWhy: 'Internal and derived: consumed within seconds; 7 days cover an outage, a replay rebuilds it from vigia.events.v1.',
  producers: ['aggregator (fan-out)'],
  consumers: ['aggregator (windows)'],
});

export const ledgerTopic = defineTopic({
  name: 'vigia.aggregator.ledger.v1',
  title: 'Fan-out ledger',
  description:
    "The aggregator fan-out's duplicate-suppression ledger: which revisions of each event were counted, and each " +
    "partition's stream day. Restores the ledger of an events partition without re-reading vigia.events.v1.",
  key: {
    format: 'eventId or ~stream-day',
    description:
      "eventId for an entry; ~stream-day (never an event id) for the partition's stream day. Written to the " +
      "partition number of the vigia.events.v1 record, which is the event id's own partition.",
    example: 'pnp-dirandro-2024-000123',
    partitionBy: 'key',
  },
  valueSchema: fanOutLedgerSchema,
  valueTypes: ['ledger.entry', 'ledger.stream-day'],
  tombstones: true,
  partitions: keyedPartitions,
  partitionsWhy: 'Must equal vigia.events.v1: partition p holds the ledger of events partition p.',
  cleanupPolicy: 'compact',
  retentionWhy: 'Compacted: the latest entry per event; a tombstone forgets an entry past the retention of the aggregates.',
  producers: ['aggregator (fan-out)'],
  consumers: ['aggregator (fan-out restore)'],
});

export const changelogTopic = defineTopic({
  name: 'vigia.aggregator.changelog.v1',
  title: 'Aggregator state changelog',
  description:
    "The aggregator's daily buckets per region and metric, survey buckets per region, metric and source, and each " +
    "partition's watermark; restores state after a restart or rebalance.",
  key: {
    format: 'region|metric|day',
    description:
      'region|metric|day (survey buckets: region|metric|day|source), partitioned by the region part; `watermark` for the ' +
      "partition's watermark, produced to its partition explicitly.",
    example: '05|incidents.count|2024-03-14',
    partitionBy: 'region-prefix',
  },
  valueSchema: changelogValueSchema,
  valueTypes: ['bucket.updated', 'watermark.advanced'],
  tombstones: true,
  partitions: keyedPartitions,
  partitionsWhy: coPartitionedWhy,
  cleanupPolicy: 'compact',
  retentionWhy: 'Compacted: the latest bucket per key; a tombstone drops a bucket older than every window.',
  producers: ['aggregator'],
  consumers: ['aggregator (restore)'],
});

export const indicatorsTopic = defineTopic({
  name: 'vigia.indicators.v2',
  title: 'Indicators',
  description:
    'Every figure of a series as it stands — a daily series with all its windows and derived figures, or one survey year of ' +
    'one source — one record per changed series per batch, re-emitted as a correction when late events change it. ' +
    'Replaces vigia.indicators.v1 (one record per figure).',
  key: {
    format: 'region|metric',
    description:
      'region|metric for a daily series, or region|metric|source|year for a survey year; partitioned by the region part so ' +
      'an alerter instance sees every series of its regions.',
    example: 'zone:vraem|cultivation.coca.ha|devida|2020',
    partitionBy: 'region-prefix',
  },
  valueSchema: indicatorSeriesSchema,
  valueTypes: ['indicators.updated'],
  tombstones: true,
  partitions: keyedPartitions,
  partitionsWhy: coPartitionedWhy,
  cleanupPolicy: 'compact',
  retentionWhy: 'Compacted: the latest record per series holds all its figures; the full history is re-computable from vigia.events.v1.',
  producers: ['aggregator'],
  consumers: ['alerter', 'console', 'cli (export)'],
});

export const alertsTopic = defineTopic({
  name: 'vigia.alerts.v1',
  title: 'Alerts',
  description: 'Every alert transition (pending, firing, resolved, silenced, acknowledged), each record the whole alert.',
  key: {
    format: 'fingerprint',
    description: 'Alert fingerprint: all transitions of one alert are on one partition, in order.',
    example: '3f9a1c0d7e2b4a61',
    partitionBy: 'key',
  },
  valueSchema: alertSchema,
  valueTypes: ['alert.updated'],
  tombstones: false,
  partitions: keyedPartitions,
  partitionsWhy: keyedWhy,
  cleanupPolicy: 'delete',
  retentionMs: retentionDays(365),
  retentionWhy: 'One year of alert history for the console and reviews; re-computable by replay.',
  producers: ['alerter'],
  consumers: ['console', 'cli (tail)'],
});

export const alertStateTopic = defineTopic({
  name: 'vigia.alert-state.v1',
  title: 'Alert state',
  description: "The alerter's lifecycle state per alert; restores it after a restart or rebalance.",
  key: {
    format: 'region|fingerprint',
    description: 'region|fingerprint, partitioned by the region part (co-partitioned with vigia.indicators.v2).',
    example: 'zone:vraem|3f9a1c0d7e2b4a61',
    partitionBy: 'region-prefix',
  },
  valueSchema: alertStateRecordSchema,
  valueTypes: ['alert-state.updated'],
  tombstones: true,
  partitions: keyedPartitions,
  partitionsWhy: coPartitionedWhy,
  cleanupPolicy: 'compact',
  retentionWhy: 'Compacted: the latest state per alert; a tombstone forgets a resolved alert.',
  producers: ['alerter'],
  consumers: ['alerter (restore)', 'console'],
});

export const alertActionsTopic = defineTopic({
  name: 'vigia.alert-actions.v1',
  title: 'Alert actions',
  description: 'What operators did: acknowledgements, silences created and removed, resolution notes.',
  key: {
    format: 'fingerprint or silence:<id>',
    description: 'Alert fingerprint, or silence:<silenceId> for silences.',
    example: 'silence:2024-vraem-maintenance',
    partitionBy: 'single-partition',
  },
  valueSchema: alertActionSchema,
  valueTypes: ['alert.acknowledged', 'silence.created', 'silence.removed', 'alert.resolution-noted'],
  tombstones: false,
  partitions: 1,
  partitionsWhy:
    'One partition: operator actions are few, every alerter instance reads all of them (silences match any ' +
    'region) and they must apply in one total order.',
  cleanupPolicy: 'delete',
  retentionMs: retainForever,
  retentionWhy: 'Kept forever: the audit trail of operator decisions; active silences are rebuilt from it.',
  producers: ['console', 'cli'],
  consumers: ['alerter', 'console'],
});

export const digestsTopic = defineTopic({
  name: 'vigia.digests.v1',
  title: 'Digests',
  description: 'Periodic summaries of alert activity produced by the alerter cron.',
  key: {
    format: 'digestId',
    description: 'digestId (schedule and period, e.g. daily-2024-03-14).',
    example: 'daily-2024-03-14',
    partitionBy: 'single-partition',
  },
  valueSchema: digestSchema,
  valueTypes: ['digest.published'],
  tombstones: false,
  partitions: 1,
  partitionsWhy: 'One partition: a few records a day, read in publication order.',
  cleanupPolicy: 'delete',
  retentionMs: retentionDays(365),
  retentionWhy: 'One year, like alerts.',
  producers: ['alerter (cron)'],
  consumers: ['console', 'notification subscribers'],
});

export const alerterJobsTopic = defineTopic({
  name: 'vigia.alerter.jobs.v1',
  title: 'Alerter jobs',
  description:
    "The alerter's control log: cron tick slots and operator actions forwarded to every partition, " +
    'and job claims (requested / completed slots) so a scheduled job runs once per slot.',
  key: {
    format: 'tick, job:<name> or action:<offset>',
    description: 'What the record is about; records are written to explicit partitions (ticks and actions to all 12).',
    example: 'job:daily-digest',
    partitionBy: 'key',
  },
  valueSchema: alerterJobSchema,
  valueTypes: ['tick.requested', 'job.requested', 'job.completed', 'action.forwarded'],
  tombstones: false,
  partitions: keyedPartitions,
  partitionsWhy: coPartitionedWhy,
  cleanupPolicy: 'delete',
  retentionMs: retentionDays(7),
  retentionWhy: 'Internal: consumed within seconds; 7 days cover an outage and keep the last completed slot of daily jobs.',
  producers: ['alerter'],
  consumers: ['alerter'],
});

/** Every topic of Vigía, by base name, in pipeline order. */
export const topics = {
  [rawTopic.name]: rawTopic,
  [eventsTopic.name]: eventsTopic,
  [normalizerStateTopic.name]: normalizerStateTopic,
  [dlqTopic.name]: dlqTopic,
  [ledgerTopic.name]: ledgerTopic,
  [contributionsTopic.name]: contributionsTopic,
  [changelogTopic.name]: changelogTopic,
  [indicatorsTopic.name]: indicatorsTopic,
  [alertsTopic.name]: alertsTopic,
  [alertStateTopic.name]: alertStateTopic,
  [alertActionsTopic.name]: alertActionsTopic,
  [digestsTopic.name]: digestsTopic,
  [alerterJobsTopic.name]: alerterJobsTopic,
} as const;
