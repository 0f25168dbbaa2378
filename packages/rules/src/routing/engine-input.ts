import type { Contribution, EventChange, IndicatorValue, Watermark } from '@vigia/schemas';
import type { EngineInput } from '../engine/engine-types.ts';

/** A value of one of the alerter's input topics: indicators, contributions (and watermarks), event changes. */
export type AlerterInputValue = IndicatorValue | Contribution | Watermark | EventChange;

/**
 * What an input means to the engine, and the stream time it happened at;
 * `undefined` when it means nothing to the rules. `nowStreamTime` undefined:
 * the input moves no time (the caller evaluates it at the state's clock).
 */
export interface RoutedInput {
  readonly input: EngineInput;
  readonly nowStreamTime: string | undefined;
}

const dayStart = (day: string): string => `${day.slice(0, 10)}T00:00:00Z`;

/**
 * Stream time is daily event time: the fan-out's watermark (a tick, so
 * absence rules are judged on it), daily indicators' `asOf`, daily events'
 * days. Surveys never move it — a 2024 survey's 1 January must not make 2021
 * look silent — and survey contributions mean nothing to the rules. The live
 * alerter and analysts' replays route their inputs through this one function.
 */
export function engineInputOf(value: AlerterInputValue): RoutedInput | undefined {
  switch (value.type) {
    case 'indicator.updated':
      return { input: value, nowStreamTime: value.window === 'annual' ? undefined : dayStart(value.asOf) };
    case 'watermark.advanced':
      return { input: { type: 'tick' }, nowStreamTime: dayStart(value.day) };
    case 'contribution.emitted':
      return value.source === undefined ? { input: value, nowStreamTime: dayStart(value.day) } : undefined;
    default: {
      const event = value.type === 'event.recorded' ? value.event : value.type === 'event.revised' ? value.current : value.previous;
      return { input: value, nowStreamTime: event.kind === 'cultivation-survey' ? undefined : dayStart(event.occurredAt) };
    }
  }
}

/** The engine's time before any daily input: an input that moves no time then leaves the clock at the epoch. */
export const noStreamTimeYet = '1970-01-01T00:00:00Z';
