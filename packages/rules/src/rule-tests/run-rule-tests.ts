import { seriesOfValue, type CanonicalEvent, type EventChange } from '@vigia/schemas';
import { createEngine } from '../engine/engine.ts';
import type { Engine, EngineOptions } from '../engine/engine-types.ts';
import { initialState, type EngineState } from '../engine/state.ts';
import { engineInputOf, noStreamTimeYet, type AlerterInputValue } from '../routing/engine-input.ts';
import { addDays, type RuleTest, type RuleTestFile } from './compile-rule-tests.ts';
import { compareAlerts, type AlertDiffLine, type RaisedAlert } from './compare-alerts.ts';

export interface RuleTestResult {
  readonly test: RuleTest;
  /** Every firing and resolved transition, in the order the engine made them. */
  readonly alerts: readonly RaisedAlert[];
  /** Empty when the test passed. */
  readonly diff: readonly AlertDiffLine[];
}

/** Which of the alerter's two evaluation stages an input goes to (`both`: the watermark, a tick of each). */
type Stage = 'region' | 'event' | 'both';

type TimelineItem = {
  readonly day: string;
  /** Within a day: reports, then the watermark, then the day's figures, then events — the order of a replay batch. */
  readonly phase: number;
} & ({ readonly stage: Stage; readonly input: AlerterInputValue } | { readonly event: CanonicalEvent });

/**
 * Runs every test of a file against a rule set: each test from empty state,
 * its inputs in event-time order through `engineInputOf` and the engine, as
 * the alerter runs them, and its alerts compared with the expected ones.
 * `options` are the engine options the alerter uses (region names).
 */
export function runRuleTests(file: RuleTestFile, options: EngineOptions): RuleTestResult[] {
  // Split as the alerter's RuleSet splits a rule file: single-event rules on the stage keyed by event.
  const regionEngine = createEngine({ ...options, rules: options.rules.filter((rule) => rule.kind !== 'single-event') });
  const eventEngine = createEngine({ ...options, rules: options.rules.filter((rule) => rule.kind === 'single-event') });
  return file.tests.map((test) => {
    const alerts = runRuleTest(test, regionEngine, eventEngine);
    return { test, alerts, diff: compareAlerts(test.expected, alerts) };
  });
}

function runRuleTest(test: RuleTest, regionEngine: Engine, eventEngine: Engine): RaisedAlert[] {
  const states: Record<'region' | 'event', EngineState> = { region: initialState(), event: initialState() };
  const engines = { region: regionEngine, event: eventEngine };
  const alerts: RaisedAlert[] = [];
  const latest = new Map<string, CanonicalEvent>();
  const evaluate = (stage: 'region' | 'event', value: AlerterInputValue) => {
    const routed = engineInputOf(value);
    if (routed === undefined) return;
    for (const input of routed.inputs) {
      const before = states[stage];
      const evaluation = engines[stage].evaluate(before, input, routed.nowStreamTime ?? before.clock ?? noStreamTimeYet);
      states[stage] = evaluation.state;
      for (const { change, alert } of evaluation.transitions) {
        if (change !== 'firing' && change !== 'resolved') continue;
        // Before any daily input the clock is the epoch: survey findings then have no day.
        const day = alert.updatedAt === noStreamTimeYet ? {} : { day: alert.updatedAt.slice(0, 10) };
        alerts.push({ rule: alert.ruleId, region: alert.region.code, state: change, ...day, labels: alert.labels, summary: alert.summary });
      }
    }
  };
  for (const item of timelineOf(test)) {
    if ('event' in item) {
      // Recorded the first time its id is seen, a revision of the latest version after.
      const { event } = item;
      const previous = latest.get(event.eventId);
      latest.set(event.eventId, event);
      const change: EventChange = previous === undefined ? { type: 'event.recorded', event } : { type: 'event.revised', previous, current: event };
      evaluate('event', change);
      continue;
    }
    if (item.stage !== 'event') evaluate('region', item.input);
    if (item.stage !== 'region') evaluate('event', item.input);
  }
  return alerts;
}

/** Every input of a test in event-time order; a watermark on every day of its daily time, as the fan-out broadcasts it. */
function timelineOf(test: RuleTest): TimelineItem[] {
  const items: TimelineItem[] = [];
  for (const report of test.reports) {
    const contribution = {
      type: 'contribution.emitted',
      target: report.region,
      eventId: `report-${report.region.code}-${report.day}`,
      revision: 1,
      day: report.day,
      deltas: {},
      eventCountDelta: 1,
    } as const;
    items.push({ day: report.day, phase: 0, stage: 'region', input: contribution });
  }
  if (test.days !== undefined) {
    for (let day = test.days.first; day <= test.days.last; day = addDays(day, 1)) {
      items.push({ day, phase: 1, stage: 'both', input: { type: 'watermark.advanced', day } });
    }
  }
  for (const value of test.indicators) items.push({ day: value.asOf, phase: 2, stage: 'region', input: seriesOfValue(value) });
  for (const event of test.events) items.push({ day: event.occurredAt.slice(0, 10), phase: 3, event });
  // Stable: inputs of one day and phase keep the file's order.
  return items.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.phase - b.phase));
}
