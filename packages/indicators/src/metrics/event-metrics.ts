import type { CanonicalEvent, Incident, Seizure } from '@vigia/schemas';
import {
  arrestsTotal,
  eradicationHa,
  fatalitiesArmedGroups,
  fatalitiesCivilians,
  fatalitiesSecurityForces,
  fatalitiesTotal,
  incidentTypeMetric,
  incidentsCount,
  injuriesTotal,
  seizuresCount,
  substanceCountMetric,
  substanceQuantityMetric,
  surveyMetric,
} from './metric-catalogue.ts';

/**
 * What one version of an event adds to the daily bucket of every region it
 * counts towards: metric id → amount. A metric in the map counts the event in
 * its bucket's `eventCount` even when the amount is 0 (an incident without
 * deaths still is one of the incidents whose fatalities were summed), so the
 * key set of an event's metrics is part of its contribution.
 */
export function metricsOf(event: CanonicalEvent): ReadonlyMap<string, number> {
  switch (event.kind) {
    case 'incident':
      return incidentMetrics(event);
    case 'seizure':
      return seizureMetrics(event);
    case 'cultivation-survey':
      return new Map([[surveyMetric.hectares, event.hectares]]);
  }
}

function incidentMetrics(incident: Incident): Map<string, number> {
  const { securityForces, civilians, armedGroups } = incident.casualties;
  const metrics = new Map<string, number>([
    [incidentsCount, 1],
    [incidentTypeMetric(incident.incidentType), 1],
    [fatalitiesTotal, securityForces.killed + civilians.killed + armedGroups.killed],
    [fatalitiesSecurityForces, securityForces.killed],
    [fatalitiesCivilians, civilians.killed],
    [fatalitiesArmedGroups, armedGroups.killed],
    [injuriesTotal, securityForces.injured + civilians.injured + armedGroups.injured],
  ]);
  if (incident.eradicatedHectares !== undefined) metrics.set(eradicationHa, incident.eradicatedHectares);
  return metrics;
}

function seizureMetrics(seizure: Seizure): Map<string, number> {
  const metrics = new Map<string, number>([[seizuresCount, 1]]);
  for (const item of seizure.items) {
    // Counted once per event however many items of the substance it lists.
    metrics.set(substanceCountMetric(item.substance), 1);
    const quantity = substanceQuantityMetric(item.substance, item.quantity.unit);
    metrics.set(quantity, (metrics.get(quantity) ?? 0) + item.quantity.value);
  }
  if (seizure.arrests !== undefined) metrics.set(arrestsTotal, seizure.arrests);
  return metrics;
}
