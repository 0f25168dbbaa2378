/**
 * The Bus: the port every stage talks to a log through, its two adapters
 * (Kafka for production, the embedded on-disk log for one process), and the
 * one consume-transform-produce loop every stage runs.
 */
export type * from './port.ts';

export { BusError, busErrorCodes, busErrorDescriptions, type BusErrorCode } from './bus-errors.ts';
export { createProcessor, type Processor, type ProcessorMetrics, type ProcessorOptions, type ProcessorState } from './processor.ts';
export {
  applyIsolated,
  perRecord,
  processingFailedReason,
  rejectRecord,
  RecordRejectedError,
  type BatchTransform,
  type RecordOutcome,
  type RecordTransform,
  type Rejection,
  type RejectionIssue,
  type TransformContext,
  type TransformResult,
} from './transform.ts';
export { toDlqRecord, type DlqTarget } from './dlq-record.ts';
export { createPartitionRestorer, type PartitionRestorer } from './partition-restorer.ts';
export {
  createStatefulStage,
  type StageBatch,
  type StageCounter,
  type StatefulStage,
  type StatefulStageDefinition,
  type StatefulStageOptions,
} from './stage/stateful-stage.ts';
export { runStageBatch, type StageBatchRun } from './stage/run-stage-batch.ts';
export { stageLoopMetrics, type StageLoopMetrics } from './stage/stage-metrics.ts';
export { readCompacted, readCompactedBytes, type CompactedPartition } from './stage/read-compacted.ts';
export {
  backoffDelayMs,
  defaultRetryOptions,
  isRetriable,
  RetriesExhaustedError,
  withRetry,
  type RetryHooks,
  type RetryOptions,
} from './retry.ts';
export { murmur2, partitionForKey } from './partitioner.ts';

export {
  busEnvRulesSchema,
  busEnvSchema,
  busEnvVariables,
  BusConfigError,
  defaultDataDir,
  parseBusConfig,
  type BusConfig,
  type BusConfigIssue,
  type BusEnv,
  type EmbeddedBusSettings,
  type KafkaBusSettings,
} from './bus-config.ts';
export { createBus } from './create-bus.ts';
export { createEmbeddedBus, EmbeddedBusError, type EmbeddedBusOptions, type FsyncPolicy } from './embedded/index.ts';
export { createKafkaBus, KafkaBusError, type KafkaBusConfig, type KafkaSaslConfig, type KafkaTlsConfig } from './kafka/index.ts';
