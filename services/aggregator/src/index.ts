/**
 * `@vigia/aggregator`: canonical event changes (`vigia.events.v1`) → one
 * contribution per target region (`vigia.contributions.v1`, the repartition)
 * → daily buckets per region and metric (`vigia.aggregator.changelog.v1`) and
 * rolling indicators (`vigia.indicators.v2`), exactly-once, plus a query API.
 * The service factory runs in its own process (`main.ts`) or beside the other
 * stages in one process on the embedded bus.
 */
export {
  aggregatorTopics,
  createAggregatorService,
  defaultAggregateBatchRecords,
  type AggregatorService,
  type AggregatorServiceOptions,
  type AggregatorTopics,
} from './aggregator-service.ts';
export { AggregatorError, aggregatorErrorCodes, aggregatorErrorDescriptions, type AggregatorErrorCode } from './aggregator-errors.ts';
export { aggregatorRejectionReasons } from './aggregator-metrics.ts';
export { ledgerEntryRecord, restoreLedger, streamDayRecord, streamDayKey } from './fan-out/ledger-topic.ts';
export { aggregatorEventSource, bucketOutgoing, contributionRecord, partitionOf, watermarkChangelogOutgoing, type TopicLayout } from './output-records.ts';
export {
  createIndicatorView,
  type DailyPoint,
  type IndicatorFilter,
  type IndicatorView,
  type IndicatorViewOptions,
  type SeriesQuery,
} from './query/indicator-view.ts';
export { createQueryServer, type QueryServer, type QueryServerOptions } from './query/query-server.ts';
export { toCsv } from './query/csv.ts';
