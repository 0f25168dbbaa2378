/**
 * `@vigia/replay`: analysts' replay and backtest. History (event changes,
 * canonical events or raw reports) runs through the same cores as the live
 * pipeline — the normalizer's mapping and revision decision, the fan-out and
 * `applyBatch` of `@vigia/indicators`, the alerter's rule engines — in one
 * process, with time taken from the input's watermark only. The reports
 * (alerts that would have fired, indicator series, the diff of two rule sets)
 * are a function of the input and the rules: the same replay writes the same
 * bytes. No I/O here; the `vigia replay` command reads and writes.
 */
export { createReplay, type Replay, type ReplayResult, type ReplayStats } from './replay-run.ts';
export {
  compileReplayOptions,
  loadReplayRuleSet,
  type CompiledReplayOptions,
  type ReplayOptionsInput,
  type ReplayRuleSet,
  type RuleFileLoad,
  type SeriesSelection,
} from './replay-options.ts';
export { ReplayNormalizer } from './replay-normalizer.ts';
export { buildReports, type ReplayReports } from './build-reports.ts';
export { alertReports, diffReports, seriesReports, type ReportFile, type ReportHeading } from './render-reports.ts';
export { episodesOf, identityOf, type AlertEpisode, type RecordedTransition, type SeriesRow } from './report-rows.ts';
export { DiffKind, diffRuleSets, findingOf, type DiffRow } from './rule-set-diff.ts';
export { ReplayError, replayErrorCodes, replayErrorDescriptions, type ReplayErrorCode } from './replay-errors.ts';
export { createInputDecoder, sniffNdjson, type InputDecoder, type InputDecoderOptions, type ReplayInputFormat } from './input-decoder.ts';
