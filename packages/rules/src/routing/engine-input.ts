import { indicatorValuesOf, type Contribution, type EventChange, type IndicatorSeries, type Watermark } from '@vigia/schemas';
import type { EngineInput } from '../engine/engine-types.ts';

/** A value of one of the alerter's input topics: indicator series, contributions (and watermarks), event changes. */
export type AlerterInputValue = IndicatorSeries | Contribution | Watermark | EventChange;

/**
 * What an input means to the engine — the inputs to evaluate in order — and
 * the stream time it happened at; `undefined` when it means nothing to the
 * rules. `nowStreamTime` undefined: the input moves no time (the caller
 * evaluates it at the state's clock).
 */
export interface RoutedInput {
  readonly inputs: readonly EngineInput[];
  readonly nowStreamTime: string | undefined;
}

const dayStart = (day: string): string => `${day.slice(0, 10)}T00:00:00Z`;

/**
 * Stream time is daily event time: the fan-out's watermark (a tick, so
 * absence rules are judged on it), daily indicators' `asOf`, daily events'
 * days. Surveys never move it — a 2024 survey's 1 January must not make 2021
 * look silent — and survey contributions mean nothing to the rules. A series
 * record carries all its figures; the rules observe those that changed in it,
 * one by one. The live
 * alerter and analysts' replays route their inputs through this one function.
 */
export function engineInputOf(value: AlerterInputValue): RoutedInput | undefined {
  switch (value.type) {
    case 'indicators.updated':
      return { inputs: indicatorValuesOf(value), nowStreamTime: value.year !== undefined ? undefined : dayStart(value.asOf) };
    case 'watermark.advanced':
      return { inputs: [{ type: 'tick' }], nowStreamTime: dayStart(value.day) };
    case 'contribution.emitted':
      return value.source === undefined ? { inputs: [value], nowStreamTime: dayStart(value.day) } : undefined;
    default: {
      const event = value.type === 'event.recorded' ? value.event : value.type === 'event.revised' ? value.current : value.previous;
      return { inputs: [value], nowStreamTime: event.kind === 'cultivation-survey' ? undefined : dayStart(event.occurredAt) };
    }
  }
}

/** The engine's time before any daily input: an input that moves no time then leaves the clock at the epoch. */
export const noStreamTimeYet = '1970-01-01T00:00:00Z';
