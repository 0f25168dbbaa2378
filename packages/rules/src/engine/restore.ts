import { issuesOf } from '@vigia/schemas';
import type { z } from 'zod';
import { RulesError } from '../rules-errors.ts';
import { alertEntrySchema, silenceSchema, type AlertEntry, type EngineState, type Silence } from './state.ts';

/**
 * Rebuilds the engine state from the latest entry per fingerprint (read from
 * the compacted state topic) and the silences in force. Stream time restarts
 * at `clock` (the stream time the shell committed, if it keeps one) or the
 * latest `lastEvaluatedAt`, whichever is later, so timers carry on where they stopped.
 * Throws `VIGIA_RULES_STATE_INVALID` on an entry this version cannot read:
 * starting with half a state would re-fire alerts that are already firing.
 */
export function restoreState(entries: readonly unknown[], silences: readonly unknown[] = [], clock: string | null = null): EngineState {
  const alerts: Record<string, AlertEntry> = {};
  let latest = clock;
  entries.forEach((value, index) => {
    const entry = parseOrThrow(alertEntrySchema, value, index, 'alert entry');
    alerts[entry.fingerprint] = entry;
    if (latest === null || Date.parse(entry.lastEvaluatedAt) > Date.parse(latest)) latest = entry.lastEvaluatedAt;
  });
  const silenceMap: Record<string, Silence> = {};
  silences.forEach((value, index) => {
    const silence = parseOrThrow(silenceSchema, value, index, 'silence');
    silenceMap[silence.silenceId] = silence;
  });
  return { version: 1, clock: latest, alerts, silences: silenceMap };
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, index: number, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new RulesError('VIGIA_RULES_STATE_INVALID', `${what} ${index} does not match its schema`, {
    context: { index, issues: issuesOf(parsed.error) },
  });
}
