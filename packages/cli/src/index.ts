/**
 * `@vigia/cli`: the `vigia` command. `runCli(argv, io)` runs it in-process
 * (tests, or a wrapper); `main.ts` wires it to the process.
 */
export { globalHelp, runCli, type CliDeps } from './cli.ts';
export type { CliIo, OutputStream } from './cli-io.ts';
export { CliError, cliErrorCodes, cliErrorDescriptions, type CliErrorCode } from './cli-errors.ts';
export { ingestHelp, parseIngestArgs, type IngestOptions, type IngestTarget, type ProgressMode } from './ingest/ingest-args.ts';
export { ingestExitCodes, runIngest, type IngestRunDeps } from './ingest/run-ingest.ts';
export { formatSummary, type IngestRunSummary } from './ingest/summary.ts';
export { formatBar, formatBytes, formatProgressLine, ProgressReporter, type ProgressState } from './ingest/progress.ts';
export { encodeHttpBatch, withFilePositions, type HttpBatch } from './ingest/http-batch.ts';
export { lagOf, pipelineGroupInputs, type GroupInput } from './up/caught-up.ts';
