import { RuleSet } from '@vigia/alerter';
import { regionByCode } from '@vigia/geo';
import { isoDateSchema } from '@vigia/schemas';
import type { Engine, RuleFileError } from '@vigia/rules';
import pino from 'pino';
import { ReplayError } from './replay-errors.ts';

/** One rule file of a replay, split as the alerter splits it: region-keyed rules and single-event rules. */
export interface ReplayRuleSet {
  /** How reports name it: the rule file's base name. */
  readonly name: string;
  readonly regionEngine: Engine;
  readonly eventEngine: Engine;
}

/** Which indicator series to write: regions and metrics (either may be every one). */
export interface SeriesSelection {
  matches(region: string, metric: string): boolean;
}

export interface ReplayOptionsInput {
  /** First day reported (event time, `YYYY-MM-DD`); earlier history is warm-up. */
  readonly from: string;
  /** Last day processed and reported; changes dated later are left out. */
  readonly to: string;
  /** Days of history before `from` to process (windows and baselines fill up); default every day. */
  readonly warmupDays?: number;
  /** At least one; each is evaluated on the same indicator stream. */
  readonly ruleSets: readonly ReplayRuleSet[];
  /** Regions and metrics of the series report; `undefined` writes none. */
  readonly series?: { readonly regions?: readonly string[]; readonly metrics?: readonly string[] };
  /** Most contributions waiting for a watermark before they are applied; default 20,000. */
  readonly maxBatchContributions?: number;
}

export interface CompiledReplayOptions {
  readonly from: string;
  readonly to: string;
  /** First day processed: `from` minus the warm-up, or '' for all history. */
  readonly processFrom: string;
  readonly ruleSets: readonly ReplayRuleSet[];
  readonly series: SeriesSelection | undefined;
  readonly maxBatchContributions: number;
}

const dayMs = 86_400_000;

/** Applies defaults and checks the options once; throws `VIGIA_REPLAY_OPTIONS_INVALID` naming the field. */
export function compileReplayOptions(input: ReplayOptionsInput): CompiledReplayOptions {
  for (const field of ['from', 'to'] as const) {
    if (!isoDateSchema.safeParse(input[field]).success) invalid(`${field} must be a day, YYYY-MM-DD, got ${JSON.stringify(input[field])}`, field);
  }
  if (input.from > input.to) invalid(`from (${input.from}) is after to (${input.to})`, 'from');
  if (input.ruleSets.length === 0) invalid('a replay needs at least one rule set', 'ruleSets');
  const names = input.ruleSets.map((ruleSet) => ruleSet.name);
  if (new Set(names).size !== names.length) invalid(`rule set names must differ, got ${names.join(', ')}`, 'ruleSets');
  const warmupDays = input.warmupDays;
  if (warmupDays !== undefined && (!Number.isSafeInteger(warmupDays) || warmupDays < 0)) invalid('warmupDays must be a whole number of days', 'warmupDays');
  const maxBatchContributions = input.maxBatchContributions ?? 20_000;
  if (!Number.isSafeInteger(maxBatchContributions) || maxBatchContributions < 1)
    invalid('maxBatchContributions must be a positive whole number', 'maxBatchContributions');
  const processFrom = warmupDays === undefined ? '' : new Date(Date.parse(`${input.from}T00:00:00Z`) - warmupDays * dayMs).toISOString().slice(0, 10);
  return Object.freeze({ from: input.from, to: input.to, processFrom, ruleSets: input.ruleSets, series: selectionOf(input.series), maxBatchContributions });
}

function selectionOf(series: ReplayOptionsInput['series']): SeriesSelection | undefined {
  if (series === undefined) return undefined;
  const regions = series.regions === undefined || series.regions.length === 0 ? undefined : new Set(series.regions);
  const metrics = series.metrics === undefined || series.metrics.length === 0 ? undefined : new Set(series.metrics);
  return { matches: (region, metric) => (regions === undefined || regions.has(region)) && (metrics === undefined || metrics.has(metric)) };
}

function invalid(message: string, field: string): never {
  throw new ReplayError('VIGIA_REPLAY_OPTIONS_INVALID', message, { context: { field } });
}

/** A rule file that did not load: every error with its line and field. */
export type RuleFileLoad = { readonly ok: true; readonly ruleSet: ReplayRuleSet } | { readonly ok: false; readonly errors: readonly RuleFileError[] };

/**
 * Loads a rule file the way the alerter does (its `RuleSet`: region-keyed
 * rules and single-event rules on two engines, regions named by the gazetteer).
 */
export function loadReplayRuleSet(name: string, text: string): RuleFileLoad {
  const rules = new RuleSet({ logger: pino({ level: 'silent' }), regionName: (code) => regionByCode(code)?.name, now: () => new Date(0) });
  if (!rules.load(text, name)) return { ok: false, errors: rules.status.errors };
  return { ok: true, ruleSet: { name, regionEngine: rules.regionEngine, eventEngine: rules.eventEngine } };
}
