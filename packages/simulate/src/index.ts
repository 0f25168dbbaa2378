/**
 * `@vigia/simulate`: the seeded scenario generator behind `vigia simulate` and
 * `vigia up` — field reports in arrival order, with late, duplicated, revised
 * and malformed ones, and the public figures that must raise alerts.
 */
export { generateScenario, scenarioDefaults, scenarioNames, type ScenarioName, type ScenarioOptions } from './scenario.ts';
export { publicScenario } from './public-scenario.ts';
export { syntheticSchedule, type SyntheticOptions } from './synthetic.ts';
export { Prng } from './prng.ts';
export { csvColumns, csvHeader, csvRow, ndjsonLine, outputFormats, type OutputFormat } from './serialize.ts';
export { dayNumber, isoDate, type Report, type ScenarioRecord, type Scheduled } from './reports.ts';
export { runSimulateCommand, simulateHelp, type SimulateIo } from './simulate-command.ts';
export { SimulateError, simulateErrorCodes, simulateErrorDescriptions, type SimulateErrorCode } from './simulate-errors.ts';
