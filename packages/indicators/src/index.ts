/**
 * `@vigia/indicators`: the functional core of the aggregator — metric
 * extraction and fan-out of event changes, event-time daily buckets per
 * (region, metric), trailing windows as of a watermark, survey series per
 * source and year, baselines, eviction,
 * restore and queries. Pure and deterministic: no I/O, no clock (time is the
 * events' `occurredAt` and explicit ticks), no Kafka, no logger.
 */
export { IndicatorsError, indicatorsErrorCodes, indicatorsErrorDescriptions, type IndicatorsErrorCode } from './indicators-errors.ts';
export { dayNumberOf, isoDayOf, type DayNumber } from './time/days.ts';
export { compileRetention, defaultRetention, expiryDay, horizonDay, type Retention, type RetentionOptions } from './time/retention.ts';

export {
  arrestsTotal,
  baselineWindows,
  changeWindows,
  dailyWindowDays,
  dailyWindows,
  DerivedIndicator,
  derivedMetric,
  eradicationHa,
  fatalitiesArmedGroups,
  fatalitiesCivilians,
  fatalitiesSecurityForces,
  fatalitiesTotal,
  incidentsCount,
  incidentTypeMetric,
  injuriesTotal,
  isPublishedMetric,
  longestWindowDays,
  metricCatalogue,
  metricDefinition,
  MetricKind,
  metricKindOf,
  precursorsCount,
  seizuresCount,
  substanceCountMetric,
  substanceQuantityMetric,
  surveyMetric,
  type DailyWindow,
  type MetricDefinition,
} from './metrics/metric-catalogue.ts';
export { metricsOf } from './metrics/event-metrics.ts';

export { placementsOf, type FanOutOptions, type Placement, type TargetRegionsOf } from './fan-out/placements.ts';
export { contributionsOf, contributionsOfParts, partsOfChange, watermarkDayOf, type ChangeParts } from './fan-out/contributions.ts';
export {
  admitChange,
  advanceLedger,
  createChangeLedger,
  fanOut,
  restoreChangeLedger,
  type ChangeLedger,
  type LedgerEntry,
} from './fan-out/change-ledger.ts';

export { ewmaOf, zScoreOf, type Ewma } from './maths/ewma.ts';
export { percentChange, percentShare } from './maths/growth.ts';

export {
  compileAggregationOptions,
  createAggregationState,
  emptyBucketEpsilon,
  type AggregationOptions,
  type AggregationSettings,
  type AggregationState,
  type BaselineOptions,
  type Bucket,
  type Series,
} from './state/aggregation-state.ts';
export { abortTransaction, commitTransaction, inTransaction, startTransaction, type Transactional } from './state/journal.ts';
export { stateSizeBytes, stateStats, type StateStats } from './state/state-size.ts';

export { advanceWatermark, applyBatch, unattributedSource, type AggregateInput, type ApplyOptions } from './aggregate/apply-batch.ts';
export { restoreState, type RestoredState, type RestoreOptions } from './aggregate/restore-state.ts';
export {
  baseMetricOf,
  currentValue,
  currentValues,
  dailySeries,
  surveySourcesOf,
  type SeriesPoint,
  type SeriesRange,
  type SurveySelection,
} from './aggregate/query.ts';
export { bucketRecord, type BucketRecord, type IndicatorRecord, type StepOutputs } from './aggregate/outputs.ts';
