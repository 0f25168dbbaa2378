import type { CanonicalEvent, Confidence, Incident, Seizure } from '@vigia/schemas';
import { holds } from '../core/condition.ts';
import { dayStartMs } from '../core/time.ts';
import type { SingleEventRule } from '../rule.ts';
import type { Observation } from './lifecycle.ts';

const confidenceRank: Readonly<Record<Confidence, number>> = { low: 0, medium: 1, high: 2 };

/**
 * The number a single-event rule compares, or `undefined` when the event is
 * not one the rule looks at (other kind, filtered type, too low confidence,
 * no item of the substance in the rule's unit).
 */
export function measureOf(rule: SingleEventRule, event: CanonicalEvent): number | undefined {
  if (event.kind !== rule.event) return undefined;
  if (confidenceRank[event.confidence] < confidenceRank[rule.minConfidence]) return undefined;
  switch (event.kind) {
    case 'incident':
      return incidentMeasure(rule, event);
    case 'seizure':
      return seizureMeasure(rule, event);
    case 'cultivation-survey':
      return event.hectares;
  }
}

function incidentMeasure(rule: SingleEventRule, incident: Incident): number | undefined {
  if (rule.incidentTypes !== null && !rule.incidentTypes.includes(incident.incidentType)) return undefined;
  const { securityForces, civilians, armedGroups } = incident.casualties;
  const killed = securityForces.killed + civilians.killed + armedGroups.killed;
  const injured = securityForces.injured + civilians.injured + armedGroups.injured;
  switch (rule.measure) {
    case 'fatalities':
      return killed;
    case 'fatalities-security-forces':
      return securityForces.killed;
    case 'fatalities-civilians':
      return civilians.killed;
    case 'fatalities-armed-groups':
      return armedGroups.killed;
    case 'injured':
      return injured;
    case 'casualties':
      return killed + injured;
    case 'eradicated-ha':
      return incident.eradicatedHectares ?? 0;
    default:
      return undefined;
  }
}

function seizureMeasure(rule: SingleEventRule, seizure: Seizure): number | undefined {
  if (rule.measure === 'arrests') return seizure.arrests ?? 0;
  const items = seizure.items.filter((item) => item.substance === rule.substance && item.quantity.unit === rule.unit);
  if (items.length === 0) return undefined;
  return items.reduce((sum, item) => sum + item.quantity.value, 0);
}

/** The observation a single-event rule makes of one version of an event. */
export function observeEvent(rule: SingleEventRule, event: CanonicalEvent, regionName: string): Observation {
  const measure = measureOf(rule, event);
  const breaching = measure !== undefined && holds(rule.when, measure);
  return {
    atMs: dayStartMs(event.occurredAt),
    breaching,
    resolving: !breaching,
    values: {
      event_id: event.eventId,
      measure: rule.measure,
      value: measure ?? null,
      threshold: rule.when.value,
      occurred_at: event.occurredAt,
      event_type: eventTypeOf(event),
      place: event.kind === 'cultivation-survey' ? regionName : (event.location.placeName ?? regionName),
      source: event.source.name,
    },
    eventIds: [event.eventId],
  };
}

function eventTypeOf(event: CanonicalEvent): string {
  if (event.kind === 'incident') return event.incidentType;
  if (event.kind === 'seizure') return [...new Set(event.items.map((item) => item.substance))].join(', ');
  return 'cultivation survey';
}
