import fc from 'fast-check';
import type { CanonicalEvent, EventChange, IncidentType, SeizureItem } from '@vigia/schemas';
import { dayNumberOf, isoDayOf } from '../time/days.ts';
import { incident, recorded, regionOf, retracted, revised, seizure, survey } from './fixtures.ts';

/**
 * Random event histories over the test gazetteer and random ways of
 * delivering them: shuffled, with duplicates and with ticks in between.
 * Amounts are multiples of ¼, exact in binary floating point, so sums do not
 * depend on the order they are added in and comparisons can be exact.
 */

export const scenarioStart = dayNumberOf('2023-01-01');
/** Event days span 800 days, so 400-day eviction and late events both happen. */
const eventSpanDays = 800;

const dayArb = fc.integer({ min: 0, max: eventSpanDays }).map((offset) => isoDayOf(scenarioStart + offset));
const quarterArb = (max: number) => fc.integer({ min: 0, max: max * 4 }).map((quarters) => quarters / 4);
const placeArb = fc.record({
  ubigeo: fc.constantFrom('050101', '050102', '050201', '120101', '0502', '05', '12'),
  zone: fc.option(fc.constantFrom('zone:vraem', 'zone:huallaga'), { nil: undefined }),
});

type VersionOf = (eventId: string, revision: number) => CanonicalEvent;

const incidentVersionArb: fc.Arbitrary<VersionOf> = fc
  .record({
    day: dayArb,
    place: placeArb,
    type: fc.constantFrom<IncidentType>('armed-clash', 'ambush', 'eradication-operation'),
    securityKilled: fc.nat(3),
    civiliansKilled: fc.nat(20),
    eradicatedHectares: quarterArb(50),
  })
  .map(
    (spec) => (eventId, revision) =>
      incident({
        eventId,
        revision,
        day: spec.day,
        ubigeo: spec.place.ubigeo,
        ...(spec.place.zone === undefined ? {} : { zone: spec.place.zone }),
        type: spec.type,
        securityKilled: spec.securityKilled,
        civiliansKilled: spec.civiliansKilled,
        ...(spec.type === 'eradication-operation' ? { eradicatedHectares: spec.eradicatedHectares } : {}),
      }),
  );

const itemArb: fc.Arbitrary<SeizureItem> = fc.oneof(
  quarterArb(500).map((value) => ({ substance: 'cocaine-hydrochloride' as const, quantity: { value, unit: 'kg' as const }, original: { value, unit: 'kg' } })),
  quarterArb(500).map((value) => ({ substance: 'cocaine-base-paste' as const, quantity: { value, unit: 'kg' as const }, original: { value, unit: 'kg' } })),
  quarterArb(900).map((value) => ({
    substance: 'precursor-chemical' as const,
    chemical: 'kerosene' as const,
    quantity: { value, unit: 'L' as const },
    original: { value, unit: 'L' },
  })),
);

const seizureVersionArb: fc.Arbitrary<VersionOf> = fc
  .record({ day: dayArb, place: placeArb, items: fc.array(itemArb, { minLength: 1, maxLength: 3 }) })
  .map((spec) => (eventId, revision) => seizure({ eventId, revision, day: spec.day, ubigeo: spec.place.ubigeo, items: spec.items }));

export interface EventHistory {
  /** Every revision in order, the first one recorded. */
  readonly versions: readonly CanonicalEvent[];
  readonly retracted: boolean;
}

interface HistoryShape {
  readonly versions: readonly VersionOf[];
  readonly retracted: boolean;
}

const eventShapeArb: fc.Arbitrary<HistoryShape> = fc.record({
  versions: fc.array(fc.oneof(incidentVersionArb, seizureVersionArb), { minLength: 1, maxLength: 4 }),
  retracted: fc.boolean(),
});

const surveyShapeArb: fc.Arbitrary<HistoryShape> = fc
  .record({
    region: fc.constantFrom('PE', 'zone:vraem', '05'),
    source: fc.constantFrom('DEVIDA', 'UNODC', 'US ONDCP'),
    versions: fc.array(fc.record({ year: fc.integer({ min: 2020, max: 2025 }), hectares: quarterArb(90_000) }), { minLength: 1, maxLength: 3 }),
    retracted: fc.boolean(),
  })
  .map(({ region, source, versions, retracted: isRetracted }) => ({
    versions: versions.map(
      ({ year, hectares }): VersionOf =>
        (eventId, revision) =>
          survey({ eventId, revision, region, year, hectares, source }),
    ),
    retracted: isRetracted,
  }));

function histories(shapes: readonly HistoryShape[], prefix: string): EventHistory[] {
  return shapes.map((shape, index) => ({
    versions: shape.versions.map((versionOf, revision) => versionOf(`${prefix}-${index}`, revision + 1)),
    retracted: shape.retracted,
  }));
}

/** Up to 14 incidents and seizures and 6 surveys, each with up to 4 revisions, some retracted. */
export const historiesArb: fc.Arbitrary<EventHistory[]> = fc
  .tuple(fc.array(eventShapeArb, { maxLength: 14 }), fc.array(surveyShapeArb, { maxLength: 6 }))
  .map(([events, surveys]) => [...histories(events, 'ev'), ...histories(surveys, 'survey')]);

/** The changes the normalizer publishes for a history, in its order. */
export function changesOf(history: EventHistory): EventChange[] {
  const { versions } = history;
  const changes: EventChange[] = [recorded(versions[0]!)];
  for (let index = 1; index < versions.length; index += 1) changes.push(revised(versions[index - 1]!, versions[index]!));
  if (history.retracted) changes.push(retracted(versions.at(-1)!));
  return changes;
}

/** The version each event ends with, retracted ones left out. */
export function survivorsOf(histories: readonly EventHistory[]): CanonicalEvent[] {
  return histories.filter((history) => !history.retracted).map((history) => history.versions.at(-1)!);
}

/** The changes in a random order, some delivered twice. */
export function arrivalsArb(histories: readonly EventHistory[], options: { duplicates: boolean }): fc.Arbitrary<EventChange[]> {
  const changes = histories.flatMap(changesOf);
  return fc
    .tuple(
      fc.shuffledSubarray(changes, { minLength: changes.length, maxLength: changes.length }),
      fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: options.duplicates ? 8 : 0 }),
    )
    .map(([shuffled, duplicates]) => {
      const arrivals = [...shuffled];
      if (changes.length > 0) {
        for (const [which, where] of duplicates) arrivals.splice(where % (arrivals.length + 1), 0, changes[which % changes.length]!);
      }
      return arrivals;
    });
}

/**
 * A coca survey table as agencies publish it: one row per (region, source,
 * year), no revisions, with real-looking growth — some years rise by more
 * than 15 %, some do not, some years are missing.
 */
export const surveyTableArb: fc.Arbitrary<CanonicalEvent[]> = fc
  .uniqueArray(
    fc.record({
      region: fc.constantFrom('PE', 'zone:vraem', 'zone:huallaga', '05', '12'),
      source: fc.constantFrom('DEVIDA', 'UNODC'),
      year: fc.integer({ min: 2016, max: 2024 }),
      hectares: fc.integer({ min: 0, max: 400 }).map((quarters) => quarters * 250),
    }),
    { selector: (row) => `${row.region}|${row.source}|${row.year}`, maxLength: 40 },
  )
  .map((rows) => rows.map((row) => survey(row)));

/** Regions that receive the national survey figure in the scenarios. */
export const scenarioShareRegions = [regionOf('zone:vraem'), regionOf('05')];
