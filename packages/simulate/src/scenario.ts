import { publicScenario } from './public-scenario.ts';
import { dayNumber, type ScenarioRecord } from './reports.ts';
import { ScheduleHeap } from './schedule-heap.ts';
import { syntheticSchedule, type SyntheticOptions } from './synthetic.ts';

export const scenarioNames = ['peru-public', 'synthetic'] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export interface ScenarioOptions extends Partial<SyntheticOptions> {
  readonly scenario?: ScenarioName;
}

/** Defaults: 2014–2021, the years the public figures span. */
export const scenarioDefaults = {
  seed: 2026,
  events: 3000,
  firstDay: dayNumber('2014-01-01'),
  lastDay: dayNumber('2021-12-31'),
  lateShare: 0.15,
  maxLateDays: 45,
  duplicateShare: 0.03,
  revisionShare: 0.04,
  malformedShare: 0.01,
} as const satisfies SyntheticOptions;

/**
 * The scenario's records in ARRIVAL order (what ingest sees), which differs
 * from event-time order by the late reports. Deterministic for a seed, lazy,
 * and in constant memory: only reports that were generated but have not
 * arrived yet are held (the reorder buffer).
 */
export function* generateScenario(options: ScenarioOptions = {}): Generator<ScenarioRecord> {
  const synthetic: SyntheticOptions = { ...scenarioDefaults, ...withoutUndefined(options) };
  const heap = new ScheduleHeap();
  if ((options.scenario ?? 'peru-public') === 'peru-public') for (const item of publicScenario()) heap.push(item);
  for (const item of syntheticSchedule(synthetic)) {
    // Generated in event-time order and never arriving before it happens, so
    // whatever is due by the current event day can no longer be overtaken.
    // Every delay (late report, re-send, revision) is under maxLateDays + 27 days.
    const frontier = item.arrivalDay - (synthetic.maxLateDays + 27);
    heap.push(item);
    yield* drainUntil(heap, frontier);
  }
  yield* drainUntil(heap, Number.POSITIVE_INFINITY);
}

function* drainUntil(heap: ScheduleHeap, day: number): Generator<ScenarioRecord> {
  for (let next = heap.peek(); next !== undefined && next.arrivalDay <= day; next = heap.peek()) {
    yield heap.pop()!.record;
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
