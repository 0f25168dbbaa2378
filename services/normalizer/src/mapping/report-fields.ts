import type { Field } from './fields.ts';

/**
 * A report read from any input format, field by field, before validation:
 * the JSON, CSV and ACLED readers produce this and `buildEvent` turns it into
 * a canonical event. Every value is still as submitted, with its path.
 */
export interface ReportFields {
  readonly kind: Field;
  readonly eventId: Field;
  readonly revision: Field;
  readonly occurredAt: Field;
  readonly precision: Field;
  readonly reportedAt: Field;
  readonly source: SourceFields;
  readonly confidence: Field;
  readonly notes: Field;
  /** Incidents and seizures: where; surveys: the region surveyed. */
  readonly place: Field;
  /** The place as written for people, when `place` is structured (ACLED's `location`). */
  readonly placeName: Field;
  readonly ubigeo: Field;
  readonly zone: Field;
  readonly latitude: Field;
  readonly longitude: Field;
  /** Where coordinate problems are reported. */
  readonly coordinatesPath: string;
  readonly incident: IncidentFields;
  readonly seizure: SeizureFields;
  readonly survey: SurveyFields;
}

export interface SourceFields {
  readonly name: Field;
  readonly kind: Field;
  readonly reference: Field;
}

export interface CasualtyFields {
  readonly killed: Field;
  readonly injured: Field;
}

export interface ActorFields {
  readonly name: Field;
  readonly kind: Field;
}

export interface IncidentFields {
  readonly incidentType: Field;
  readonly securityForces: CasualtyFields;
  readonly civilians: CasualtyFields;
  readonly armedGroups: CasualtyFields;
  readonly actors: readonly ActorFields[];
  readonly eradicatedHectares: Field;
}

export interface ItemFields {
  readonly substance: Field;
  readonly chemical: Field;
  /** A number, numeric text, or text with its unit ("30 arrobas") when `unit` is blank. */
  readonly quantity: Field;
  readonly unit: Field;
}

export interface SeizureFields {
  readonly items: readonly ItemFields[];
  /** Where "no items" is reported. */
  readonly itemsPath: string;
  readonly arrests: Field;
}

export interface SurveyFields {
  readonly year: Field;
  readonly hectares: Field;
  readonly edition: Field;
}
