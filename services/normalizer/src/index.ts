/**
 * `@vigia/normalizer`: raw reports (`vigia.events.raw.v1`) → canonical event
 * changes (`vigia.events.v1`), or a DLQ record with a precise reason. The
 * stage factory runs in its own process (`main.ts`) or beside the other
 * stages in one process on the embedded bus.
 */
export { createNormalizerStage, type NormalizerStage, type NormalizerStageOptions } from './stage/normalizer-stage.ts';
export { normalizerRejectionReasons } from './stage/normalizer-metrics.ts';
export { changeRecord, normalizeRecord, normalizerDefinition, normalizerEventSource, stateRecord } from './stage/normalizer-transform.ts';
export {
  compileNormalizeOptions,
  normalizeReport,
  type NormalizeOptions,
  type NormalizeOptionsInput,
  type NormalizeOutcome,
} from './normalize-report.ts';
export { defaultFutureToleranceMs } from './mapping/dates.ts';
export { decideRevision, sameContent, type RevisionOutcome } from './state/revision-decision.ts';
export { EventState } from './state/event-state.ts';
export { csvColumns } from './mapping/csv-report.ts';
export { acledColumns } from './mapping/acled-report.ts';
export { unitDefinitions, type UnitDefinition } from './mapping/unit-table.ts';
export { NormalizerError, normalizerErrorCodes, normalizerErrorDescriptions, type NormalizerErrorCode } from './normalizer-errors.ts';
