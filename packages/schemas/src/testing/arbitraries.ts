import fc from 'fast-check';
import type { IndicatorSeries } from '../aggregation/indicator.ts';
import { indicatorWindows } from '../aggregation/metrics.ts';
import type { AlertAction } from '../alerts/alert-actions.ts';
import type { DlqRecord } from '../dlq/dlq-record.ts';
import { dlqRecordOf } from '../dlq/dlq-record.ts';
import { dlqReasonCodeList } from '../dlq/dlq-reasons.ts';
import { confidenceLevels, sourceKinds } from '../events/event-common.ts';
import type { EventChange } from '../events/event-change.ts';
import type { Incident } from '../events/incident.ts';
import { actorKinds } from '../events/incident.ts';
import { incidentTypes } from '../events/incident-types.ts';
import type { Seizure } from '../events/seizure.ts';
import { substances, substanceUnits, precursorChemicals } from '../events/seizure.ts';
import type { RegionRef } from '../regions.ts';

/**
 * fast-check arbitraries of valid topic values, for property tests of this
 * package. Numbers avoid -0, which JSON cannot represent.
 */

const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => (value === 0 ? 0 : value));
const nonNegative = fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }).map((value) => (value === 0 ? 0 : value));
const count = fc.integer({ min: 0, max: 10_000 });
const day = fc.date({ min: new Date('1990-01-01'), max: new Date('2100-12-31'), noInvalidDate: true });
export const isoDateArb = day.map((date) => date.toISOString().slice(0, 10));
export const isoDateTimeArb = day.map((date) => date.toISOString());
const two = (max: number) => fc.integer({ min: 1, max }).map((n) => String(n).padStart(2, '0'));
const word = fc.stringMatching(/^[a-z0-9]{1,8}$/);
const idArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,30}$/);

export const regionRefArb: fc.Arbitrary<RegionRef> = fc.oneof(
  two(25).map((code) => ({ code, level: 'department' as const })),
  fc.tuple(two(25), two(99)).map(([d, p]) => ({ code: d + p, level: 'province' as const })),
  fc.tuple(two(25), two(99), two(99)).map(([d, p, x]) => ({ code: d + p + x, level: 'district' as const })),
  fc.array(word, { minLength: 1, maxLength: 3 }).map((parts) => ({ code: `zone:${parts.join('-')}`, level: 'zone' as const })),
  fc.constant({ code: 'PE', level: 'national' as const }),
);

const metricArb = fc.array(word, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.'));
const dailyWindowArb = fc.constantFrom(...indicatorWindows.filter((window) => window !== 'annual'));

/** An `indicators.updated` record: a daily series with daily windows, or a survey year with annual figures. */
export const indicatorSeriesArb: fc.Arbitrary<IndicatorSeries> = fc
  .record({
    region: regionRefArb,
    metric: metricArb,
    asOf: isoDateArb,
    correction: fc.boolean(),
    survey: fc.option(fc.record({ source: fc.constantFrom('devida', 'unodc', 'us-ondcp'), year: fc.integer({ min: 1990, max: 2100 }) }), { nil: undefined }),
    figures: fc.array(
      fc.record({
        metric: metricArb,
        window: dailyWindowArb,
        value: finite,
        contributingEvents: count,
        previousValue: fc.option(fc.option(finite, { nil: null }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 14 },
    ),
  })
  .map(({ region, survey, figures, ...rest }) => ({
    type: 'indicators.updated' as const,
    ...rest,
    region: region.code,
    level: region.level,
    ...(survey ?? {}),
    figures: figures.map(({ previousValue, ...figure }) => ({
      ...figure,
      window: survey === undefined ? figure.window : ('annual' as const),
      ...(previousValue === undefined ? {} : { previousValue }),
    })),
  }));

const commonArb = fc.record({
  eventId: idArb,
  revision: fc.integer({ min: 1, max: 1000 }),
  occurredAt: isoDateArb,
  precision: fc.constant('day' as const),
  reportedAt: isoDateTimeArb,
  source: fc.record({ name: fc.string({ minLength: 1, maxLength: 40 }), kind: fc.constantFrom(...sourceKinds) }),
  confidence: fc.constantFrom(...confidenceLevels),
  notes: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
});

const locationArb = fc
  .tuple(
    two(25),
    two(99),
    two(99),
    fc.option(
      fc.record({
        lat: fc.double({ min: -18.5, max: 0.1, noNaN: true }),
        lon: fc.double({ min: -81.5, max: -68.5, noNaN: true }),
      }),
      { nil: undefined },
    ),
  )
  .map(([d, p, x, coordinates]) => ({
    ubigeo: d + p + x,
    level: 'district' as const,
    ...(coordinates === undefined ? {} : { coordinates: { lat: coordinates.lat || 0, lon: coordinates.lon } }),
  }));

const side = fc.record({ killed: count, injured: count });

export const incidentArb: fc.Arbitrary<Incident> = fc
  .record({
    common: commonArb,
    location: locationArb,
    incidentType: fc.constantFrom(...incidentTypes),
    casualties: fc.record({ securityForces: side, civilians: side, armedGroups: side }),
    actors: fc.array(fc.record({ name: fc.string({ minLength: 1, maxLength: 40 }), kind: fc.constantFrom(...actorKinds) }), { maxLength: 3 }),
    hectares: nonNegative,
  })
  .map(({ common, hectares, ...rest }) => {
    const { notes, ...commonRest } = common;
    return {
      kind: 'incident' as const,
      ...commonRest,
      ...(notes === undefined ? {} : { notes }),
      ...rest,
      ...(rest.incidentType === 'eradication-operation' ? { eradicatedHectares: hectares } : {}),
    };
  });

const seizureItemArb = fc.constantFrom(...substances).chain((substance) =>
  fc
    .record({
      unit: fc.constantFrom(...substanceUnits[substance]),
      chemical: fc.constantFrom(...precursorChemicals),
      value: nonNegative,
      original: fc.record({ value: finite, unit: fc.string({ minLength: 1, maxLength: 10 }) }),
    })
    .map(({ unit, chemical, value, original }) => ({
      substance,
      ...(substance === 'precursor-chemical' ? { chemical } : {}),
      quantity: { value, unit },
      original,
    })),
);

export const seizureArb: fc.Arbitrary<Seizure> = fc
  .record({ common: commonArb, location: locationArb, items: fc.array(seizureItemArb, { minLength: 1, maxLength: 4 }) })
  .map(({ common, ...rest }) => {
    const { notes, ...commonRest } = common;
    return { kind: 'seizure' as const, ...commonRest, ...(notes === undefined ? {} : { notes }), ...rest };
  });

export const eventChangeArb: fc.Arbitrary<EventChange> = fc.oneof(
  fc.oneof(incidentArb, seizureArb).map((event) => ({ type: 'event.recorded' as const, event })),
  fc.tuple(incidentArb, seizureArb, fc.integer({ min: 1, max: 100 })).map(([previous, later, step]) => ({
    type: 'event.revised' as const,
    previous,
    current: { ...later, eventId: previous.eventId, revision: previous.revision + step },
  })),
);

export const dlqRecordArb: fc.Arbitrary<DlqRecord> = fc
  .record({
    reason: fc.constantFrom(...dlqReasonCodeList),
    message: fc.string({ maxLength: 100 }),
    value: fc.option(fc.uint8Array({ maxLength: 200 }), { nil: null }),
    key: fc.option(fc.string({ maxLength: 40 }), { nil: null }),
    offset: fc.nat(),
    failedAt: day,
    headers: fc.dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 40 })),
  })
  .map(({ key, offset, ...rest }) => dlqRecordOf({ ...rest, stage: 'normalizer', source: { topic: 'vigia.events.raw.v1', partition: 0, offset, key } }));

export const alertActionArb: fc.Arbitrary<AlertAction> = fc.record({
  type: fc.constant('alert.acknowledged' as const),
  actionId: fc.uuid({ version: 4 }),
  by: fc.string({ minLength: 1, maxLength: 40 }),
  at: isoDateTimeArb,
  fingerprint: idArb,
});
