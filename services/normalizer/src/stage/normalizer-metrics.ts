import type { StageCounter } from '@vigia/bus';
import type { DlqReasonCode } from '@vigia/schemas';
import type { MetricsRegistry } from '@vigia/service-kit';
import type { EventState } from '../state/event-state.ts';

/** Every DLQ reason the normalizer emits; each has a series from the start, so dashboards see zeros. */
export const normalizerRejectionReasons = [
  'VALUE_MISSING',
  'JSON_MALFORMED',
  'SCHEMA_INVALID',
  'PLACE_UNKNOWN',
  'PLACE_AMBIGUOUS',
  'UNIT_UNKNOWN',
  'QUANTITY_INVALID',
  'DATE_INVALID',
  'DATE_IN_FUTURE',
  'DUPLICATE_REPORT',
  'REVISION_STALE',
  'EVENT_NOT_OWNED',
  'REVISION_JUMP',
  'PROCESSING_FAILED',
] as const satisfies readonly DlqReasonCode[];

/**
 * The normalizer's own metrics; the loop's (records in, out, rejected by
 * reason, batch and restore seconds) are the scaffold's `vigia_stage_*`.
 */
export function registerNormalizerMetrics(registry: MetricsRegistry, states: () => Iterable<EventState>): { readonly published: StageCounter<'change'> } {
  const published = registry.counter<'change'>({
    name: 'vigia_normalizer_events_published_total',
    help: 'Canonical event changes committed to vigia.events.v1, by change type',
    labelNames: ['change'],
  });
  for (const change of ['event.recorded', 'event.revised'] as const) published.inc({ change }, 0);
  const events = registry.gauge({ name: 'vigia_normalizer_state_events', help: 'Events whose latest version is held in memory' });
  registry.addCollector(() => events.set([...states()].reduce((total, state) => total + state.size, 0)));
  return { published };
}
