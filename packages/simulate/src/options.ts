import { dayOfIsoDate } from './calendar.ts';
import { SimulateError } from './simulate-errors.ts';

export const scenarioNames = ['baseline', 'peru-public'] as const;
export type ScenarioName = (typeof scenarioNames)[number];

/** What a caller may set; every field has a documented default. */
export interface ScenarioOptions {
  /** `baseline` (default): random stream; `peru-public`: the same plus the public events and surveys. */
  readonly scenario?: ScenarioName;
  /** Any text or number; the same seed gives the same bytes. Default `1`. */
  readonly seed?: string | number;
  /** Records emitted, exactly (malformed, duplicates and revisions included). Default 1000. */
  readonly count?: number;
  /** First and last day of the timeline, `YYYY-MM-DD`. Default 2022-01-01 … 2024-12-31 (`peru-public`: 2014 … 2021). */
  readonly from?: string;
  readonly to?: string;
  /** Share of events reported more than 3 days (up to 60) after they happened. Default 0.12. */
  readonly lateShare?: number;
  /** Share of events re-sent byte for byte. Default 0.03. */
  readonly duplicateShare?: number;
  /** Share of events later revised (1 or 2 more revisions). Default 0.04. */
  readonly revisionShare?: number;
  /** Share of records deliberately broken. Default 0.01. */
  readonly malformedShare?: number;
  /** Records held back at most to put them in arrival order. Default 4096. */
  readonly reorderCapacity?: number;
}

export interface CompiledScenarioOptions {
  readonly scenario: ScenarioName;
  readonly seed: string;
  readonly count: number;
  readonly fromDay: number;
  readonly toDay: number;
  readonly lateShare: number;
  readonly duplicateShare: number;
  readonly revisionShare: number;
  readonly malformedShare: number;
  readonly reorderCapacity: number;
}

const defaultRanges: Readonly<Record<ScenarioName, readonly [string, string]>> = {
  baseline: ['2022-01-01', '2024-12-31'],
  'peru-public': ['2014-01-01', '2021-12-31'],
};

function invalid(option: string, message: string): SimulateError {
  return new SimulateError('VIGIA_SIMULATE_OPTIONS_INVALID', message, { context: { option } });
}

function share(option: string, value: number | undefined, fallback: number): number {
  const result = value ?? fallback;
  if (!(result >= 0 && result <= 1)) throw invalid(option, `${option} must be a number from 0 to 1, got ${String(value)}`);
  return result;
}

/** Applies defaults and checks the options once; the generator only reads the frozen result. */
export function compileScenarioOptions(options: ScenarioOptions = {}): CompiledScenarioOptions {
  const scenario = options.scenario ?? 'baseline';
  if (!scenarioNames.includes(scenario)) throw invalid('scenario', `unknown scenario ${JSON.stringify(scenario)}; use ${scenarioNames.join(' or ')}`);
  const count = options.count ?? 1000;
  if (!Number.isSafeInteger(count) || count < 1) throw invalid('count', `count must be a whole number ≥ 1, got ${String(options.count)}`);
  const [defaultFrom, defaultTo] = defaultRanges[scenario];
  const fromDay = dayOfIsoDate(options.from ?? defaultFrom);
  const toDay = dayOfIsoDate(options.to ?? defaultTo);
  if (fromDay === undefined) throw invalid('from', `from must be a date YYYY-MM-DD, got ${String(options.from)}`);
  if (toDay === undefined) throw invalid('to', `to must be a date YYYY-MM-DD, got ${String(options.to)}`);
  if (toDay < fromDay) throw invalid('to', `to (${String(options.to)}) is before from (${String(options.from ?? defaultFrom)})`);
  if (fromDay < (dayOfIsoDate('1990-01-01') ?? 0)) throw invalid('from', 'from must be 1990-01-01 or later (the normalizer refuses older dates)');
  const duplicateShare = share('duplicateShare', options.duplicateShare, 0.03);
  const revisionShare = share('revisionShare', options.revisionShare, 0.04);
  const malformedShare = share('malformedShare', options.malformedShare, 0.01);
  if (duplicateShare + revisionShare + malformedShare > 1) {
    throw invalid('malformedShare', 'duplicateShare + revisionShare + malformedShare must not exceed 1');
  }
  const reorderCapacity = options.reorderCapacity ?? 4096;
  if (!Number.isSafeInteger(reorderCapacity) || reorderCapacity < 1) {
    throw invalid('reorderCapacity', `reorderCapacity must be a whole number ≥ 1, got ${String(options.reorderCapacity)}`);
  }
  return Object.freeze({
    scenario,
    seed: String(options.seed ?? 1),
    count,
    fromDay,
    toDay,
    lateShare: share('lateShare', options.lateShare, 0.12),
    duplicateShare,
    revisionShare,
    malformedShare,
    reorderCapacity,
  });
}
