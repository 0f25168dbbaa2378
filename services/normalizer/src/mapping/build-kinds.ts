import {
  actorKinds,
  incidentTypes,
  substances,
  type Actor,
  type Casualties,
  type CultivationSurvey,
  type Incident,
  type PrecursorChemical,
  type Seizure,
  type SeizureItem,
} from '@vigia/schemas';
import type { CommonFields } from './build-event.ts';
import { isBlank, readAmount, readChoice, readCount, readText } from './fields.ts';
import { lookup } from './fold.ts';
import { resolveLocation, resolveRegion, readCoordinates } from './place.ts';
import type { Problems } from './problems.ts';
import { convertQuantity, splitQuantityText } from './quantity.ts';
import type { CasualtyFields, ItemFields, ReportFields } from './report-fields.ts';
import { actorKindWords, chemicalWords, incidentTypeWords, substanceWords } from './vocabulary.ts';

/** Guard rails against typos and unit mix-ups; far above anything on record in Peru. */
export const plausibleLimits = {
  casualtiesPerSide: 1_000,
  arrests: 10_000,
  eradicatedHectares: 100_000,
  surveyHectares: 1_000_000,
} as const;

function readLocation(fields: ReportFields, problems: Problems) {
  const coordinates = readCoordinates(fields.latitude.value, fields.longitude.value, fields.coordinatesPath, problems);
  const placeName = readText(fields.placeName, problems, { maxChars: 300, truncate: true });
  return resolveLocation(
    { place: fields.place.value, placePath: fields.place.path, ubigeo: fields.ubigeo.value, ubigeoPath: fields.ubigeo.path },
    {
      zone: fields.zone.value,
      zonePath: fields.zone.path,
      ...(coordinates === undefined ? {} : { coordinates }),
      ...(placeName === undefined ? {} : { placeName }),
    },
    problems,
  );
}

function readSide(side: CasualtyFields, problems: Problems) {
  const killed = readCount(side.killed, problems, { max: plausibleLimits.casualtiesPerSide, fallback: 0 });
  const injured = readCount(side.injured, problems, { max: plausibleLimits.casualtiesPerSide, fallback: 0 });
  return killed === undefined || injured === undefined ? undefined : { killed, injured };
}

export function readIncident(fields: ReportFields, common: CommonFields | undefined, problems: Problems): Incident | undefined {
  const location = readLocation(fields, problems);
  const { incident } = fields;
  const incidentType = readChoice(incident.incidentType, incidentTypeWords, incidentTypes, problems, { required: true });
  const securityForces = readSide(incident.securityForces, problems);
  const civilians = readSide(incident.civilians, problems);
  const armedGroups = readSide(incident.armedGroups, problems);
  const actors: Actor[] = [];
  for (const actor of incident.actors.slice(0, 50)) {
    const name = readText(actor.name, problems, { maxChars: 300, required: true });
    const kind = readChoice(actor.kind, actorKindWords, actorKinds, problems) ?? (isBlank(actor.kind.value) ? 'other' : undefined);
    if (name !== undefined && kind !== undefined) actors.push({ name, kind });
  }
  const eradicatedHectares = readAmount(incident.eradicatedHectares, problems, { max: plausibleLimits.eradicatedHectares });
  if (eradicatedHectares !== undefined && incidentType !== undefined && incidentType !== 'eradication-operation') {
    problems.add('SCHEMA_INVALID', incident.eradicatedHectares.path, 'eradicated hectares belong to eradication operations only');
  }
  if (problems.size > 0 || common === undefined || location === undefined || incidentType === undefined) return undefined;
  if (securityForces === undefined || civilians === undefined || armedGroups === undefined) return undefined;
  const casualties: Casualties = { securityForces, civilians, armedGroups };
  return {
    kind: 'incident',
    ...common,
    location,
    incidentType,
    casualties,
    actors,
    ...(eradicatedHectares === undefined ? {} : { eradicatedHectares }),
  };
}

function readItem(item: ItemFields, problems: Problems): SeizureItem | undefined {
  const { substance: substanceField, chemical: chemicalField } = item;
  const substanceText = typeof substanceField.value === 'string' ? substanceField.value : undefined;
  // "kerosene" as the substance is a precursor named by its chemical.
  const chemicalAsSubstance =
    substanceText !== undefined && lookup(substanceWords, substanceText) === undefined ? lookup(chemicalWords, substanceText) : undefined;
  const substance =
    chemicalAsSubstance !== undefined ? 'precursor-chemical' : readChoice(substanceField, substanceWords, substances, problems, { required: true });
  let chemical: PrecursorChemical | undefined;
  let chemicalName: string | undefined;
  if (substance === 'precursor-chemical') {
    const named = chemicalAsSubstance !== undefined && isBlank(chemicalField.value) ? substanceField : chemicalField;
    const text = readText(named, problems, { maxChars: 200 });
    if (text === undefined) {
      if (isBlank(named.value)) problems.add('SCHEMA_INVALID', chemicalField.path, 'a precursor chemical needs its name (kerosene, acetone, …)');
    } else {
      // A chemical outside the controlled list is `other`, its name kept as reported.
      chemical = lookup(chemicalWords, text) ?? 'other';
      if (text !== chemical) chemicalName = text;
    }
  } else if (substance !== undefined && !isBlank(chemicalField.value)) {
    problems.add('SCHEMA_INVALID', chemicalField.path, `a chemical is given, but the substance is ${substance}`);
  }
  const quantity = readQuantity(item, substance, problems);
  if (substance === undefined || quantity === undefined) return undefined;
  if (substance === 'precursor-chemical' && chemical === undefined) return undefined;
  return {
    substance,
    ...(chemical === undefined ? {} : { chemical }),
    ...(chemicalName === undefined ? {} : { chemicalName }),
    quantity: quantity.quantity,
    original: quantity.original,
  };
}

function readQuantity(item: ItemFields, substance: SeizureItem['substance'] | undefined, problems: Problems) {
  const { quantity, unit } = item;
  if (isBlank(quantity.value)) {
    problems.add('SCHEMA_INVALID', quantity.path, 'the quantity is missing');
    return undefined;
  }
  let value: unknown = quantity.value;
  let unitText: unknown = unit.value;
  if (isBlank(unitText) && typeof value === 'string') {
    const split = splitQuantityText(value);
    if (split === undefined) {
      problems.add('UNIT_UNKNOWN', quantity.path, `${JSON.stringify(value.slice(0, 80))} is not a number with a unit, e.g. "30 arrobas"`);
      return undefined;
    }
    value = split.value;
    unitText = split.unit;
  }
  if (isBlank(unitText)) {
    problems.add('UNIT_UNKNOWN', unit.path, 'the quantity has no unit');
    return undefined;
  }
  if (typeof unitText !== 'string') {
    problems.add('UNIT_UNKNOWN', unit.path, 'the unit is not text');
    return undefined;
  }
  if (substance === undefined) return undefined;
  const reading = convertQuantity(substance, value, unitText);
  if (!reading.ok) {
    problems.add(reading.reason, reading.reason === 'UNIT_UNKNOWN' && !isBlank(unit.value) ? unit.path : quantity.path, reading.message);
    return undefined;
  }
  return reading;
}

export function readSeizure(fields: ReportFields, common: CommonFields | undefined, problems: Problems): Seizure | undefined {
  const location = readLocation(fields, problems);
  const { seizure } = fields;
  if (seizure.items.length === 0) problems.add('SCHEMA_INVALID', seizure.itemsPath, 'a seizure needs at least one seized item');
  if (seizure.items.length > 100) problems.add('SCHEMA_INVALID', seizure.itemsPath, 'more than 100 items; split the report');
  const items = seizure.items.slice(0, 100).map((item) => readItem(item, problems));
  const arrests = readCount(seizure.arrests, problems, { max: plausibleLimits.arrests });
  if (problems.size > 0 || common === undefined || location === undefined) return undefined;
  const complete = items.filter((item): item is SeizureItem => item !== undefined);
  if (complete.length !== items.length || complete.length === 0) return undefined;
  return { kind: 'seizure', ...common, location, items: complete, ...(arrests === undefined ? {} : { arrests }) };
}

export function readSurvey(fields: ReportFields, common: CommonFields | undefined, problems: Problems): CultivationSurvey | undefined {
  // A survey of a monitoring zone may name it in the zone field alone.
  const byZone = isBlank(fields.place.value) && isBlank(fields.ubigeo.value) && typeof fields.zone.value === 'string' && !isBlank(fields.zone.value);
  const zone = String(fields.zone.value).trim();
  const place = byZone
    ? { place: zone.startsWith('zone:') ? zone : { zone }, placePath: fields.zone.path }
    : { place: fields.place.value, placePath: fields.place.path };
  const region = resolveRegion({ ...place, ubigeo: fields.ubigeo.value, ubigeoPath: fields.ubigeo.path }, problems, fields.zone);
  const { survey } = fields;
  const hectares = readAmount(survey.hectares, problems, { max: plausibleLimits.surveyHectares, required: true });
  const edition = readText(survey.edition, problems, { maxChars: 300, required: true });
  if (problems.size > 0 || common === undefined || region === undefined || hectares === undefined || edition === undefined) {
    return undefined;
  }
  return {
    kind: 'cultivation-survey',
    ...common,
    region,
    year: Number(common.occurredAt.slice(0, 4)),
    hectares,
    edition,
  };
}
