/**
 * `@vigia/simulate`: seeded, deterministic scenario streams of field reports
 * across Peru — incidents, seizures and coca surveys in our JSON shape or CSV
 * columns, with late reports, re-sends, revisions and malformed records — for
 * a newcomer's first run, for tests and for benchmarks. `vigia simulate` is
 * `runSimulateCommand`.
 */
export { generateScenario, scenarioRecords } from './scenario.ts';
export { compileScenarioOptions, scenarioNames, type CompiledScenarioOptions, type ScenarioName, type ScenarioOptions } from './options.ts';
export { Expected, expectedReason, Malformation, type ReportKind, type ScenarioRecord } from './scenario-record.ts';
export { csvColumnsOf, csvHeaderColumns, csvHeaderLine, csvRow, ndjsonLine, outputFormats, type OutputFormat } from './render.ts';
export { writeScenario, type ScenarioSummary, type TextSink } from './write-scenario.ts';
export { runSimulateCommand, simulateHelp, type SimulateIo } from './simulate-command.ts';
export { hotspots, type District, type Hotspot } from './hotspots.ts';
export { unknownPlaces } from './report-factory.ts';
export { Prng, WeightedTable } from './prng.ts';
export { SimulateError, simulateErrorCodes, simulateErrorDescriptions, type SimulateErrorCode } from './simulate-errors.ts';
