import type { TopicValue } from '../codec/json-codec.ts';
import type { Incident } from '../events/incident.ts';
import type { TopicName } from '../topics/topic-names.ts';

/**
 * One realistic, valid value per topic. They are published as `examples` in
 * the JSON Schemas (so subscribers see a concrete record), and the tests check
 * that both the zod schemas and the generated JSON Schemas accept them.
 */

const ambush: Incident = {
  kind: 'incident',
  eventId: 'pnp-dirandro-2024-000123',
  revision: 1,
  occurredAt: '2024-03-14',
  precision: 'day',
  reportedAt: '2024-03-15T09:30:00-05:00',
  source: { name: 'Comando Especial VRAEM', kind: 'military', reference: 'CE-VRAEM 045-2024' },
  confidence: 'high',
  location: {
    ubigeo: '050408',
    level: 'district',
    coordinates: { lat: -12.55, lon: -73.86 },
    zone: 'zone:vraem',
    placeName: 'Llochegua, Huanta',
  },
  incidentType: 'ambush',
  casualties: {
    securityForces: { killed: 1, injured: 2 },
    civilians: { killed: 0, injured: 0 },
    armedGroups: { killed: 0, injured: 0 },
  },
  actors: [
    { name: 'Ejército del Perú', kind: 'military' },
    { name: 'Militarizado Partido Comunista del Perú', kind: 'armed-group' },
  ],
};

export const topicExamples: { readonly [Name in TopicName]: TopicValue<Name> } = {
  'vigia.events.raw.v1': {
    type: 'report.received',
    ingestId: '0b9c6a0e-5d1c-4a3e-9f0a-2f1d3c4b5a69',
    batchId: '7d3f2a10-8c4b-4e5f-a6b7-c8d9e0f1a2b3',
    receivedAt: '2024-03-15T14:31:07.250Z',
    source: { channel: 'http', publisher: 'dirandro', apiKeyId: 'key-dirandro-01' },
    format: 'json',
    recordNumber: 1,
    record: { kind: 'json', value: { fecha: '14/03/2024', lugar: 'Llochegua', tipo: 'emboscada', fallecidos: 1 } },
  },
  'vigia.events.v1': {
    type: 'event.revised',
    previous: ambush,
    current: {
      ...ambush,
      revision: 2,
      reportedAt: '2024-03-16T08:00:00-05:00',
      casualties: { ...ambush.casualties, securityForces: { killed: 2, injured: 1 } },
    },
  },
  'vigia.events.dlq.v1': {
    type: 'record.rejected',
    reason: 'PLACE_AMBIGUOUS',
    message: 'place "San Juan" matches 9 districts',
    issues: [{ path: 'record.value.lugar', message: 'ambiguous place: qualify with province or department' }],
    stage: 'normalizer',
    source: { topic: 'vigia.events.raw.v1', partition: 3, offset: 1842, key: '0b9c6a0e-5d1c-4a3e-9f0a-2f1d3c4b5a69' },
    failedAt: '2024-03-15T14:31:08.002Z',
    payload: {
      base64: 'eyJsdWdhciI6IlNhbiBKdWFuIn0=',
      byteLength: 20,
      utf8Preview: '{"lugar":"San Juan"}',
      previewTruncated: false,
    },
    headers: [
      { key: 'ce_id', value: 'ingest-0b9c6a0e' },
      { key: 'ce_type', value: 'pe.vigia.report.received.v1' },
    ],
  },
  'vigia.contributions.v1': {
    type: 'contribution.emitted',
    target: { code: 'zone:vraem', level: 'zone' },
    eventId: 'pnp-dirandro-2024-000123',
    revision: 2,
    day: '2024-03-14',
    deltas: { 'casualties.security-forces.killed': 1, 'casualties.security-forces.injured': -1 },
    eventCountDelta: 0,
  },
  'vigia.aggregator.changelog.v1': {
    type: 'bucket.updated',
    region: { code: '05', level: 'department' },
    metric: 'incidents.count',
    day: '2024-03-14',
    value: 3,
    eventCount: 3,
    streamTime: '2024-03-16',
  },
  'vigia.indicators.v2': {
    type: 'indicators.updated',
    region: 'zone:vraem',
    level: 'zone',
    metric: 'cultivation.coca.ha',
    asOf: '2020-12-31',
    correction: false,
    source: 'devida',
    year: 2020,
    figures: [
      { metric: 'cultivation.coca.ha', window: 'annual', value: 26_000, contributingEvents: 1, previousValue: null },
      { metric: 'cultivation.coca.yoy-pct', window: 'annual', value: 23.8, contributingEvents: 2, previousValue: null },
    ],
  },
  'vigia.alerts.v1': {
    type: 'alert.updated',
    fingerprint: '3f9a1c0d7e2b4a61',
    ruleId: 'coca-growth-yoy',
    ruleKind: 'year-over-year',
    severity: 'critical',
    state: 'firing',
    region: { code: 'zone:vraem', level: 'zone', name: 'VRAEM' },
    labels: { region: 'zone:vraem', severity: 'critical', rule: 'coca-growth-yoy' },
    summary: 'Coca cultivation in VRAEM grew 23.8 % year on year (21,000 → 26,000 ha)',
    evidence: {
      indicators: [
        {
          region: 'zone:vraem',
          metric: 'cultivation.coca.ha',
          window: 'annual',
          asOf: '2020-12-31',
          value: 26_000,
          previousValue: 21_000,
          threshold: 0.15,
        },
      ],
      eventIds: ['unodc-devida-2020-vraem'],
    },
    startsAt: '2020-12-31T00:00:00Z',
    endsAt: null,
    updatedAt: '2021-07-02T10:00:00Z',
    silenced: false,
    acknowledged: null,
  },
  'vigia.alert-state.v1': {
    type: 'alert-state.updated',
    alert: {
      type: 'alert.updated',
      fingerprint: '8c1e44b09a7d2f35',
      ruleId: 'clashes-30d',
      ruleKind: 'threshold',
      severity: 'warning',
      state: 'resolved',
      region: { code: '0504', level: 'province', name: 'Huanta' },
      labels: { region: '0504', severity: 'warning', rule: 'clashes-30d' },
      summary: '4 armed clashes in Huanta in 30 days (threshold 3)',
      evidence: { indicators: [], eventIds: [] },
      startsAt: '2024-03-01T00:00:00Z',
      endsAt: '2024-03-20T00:00:00Z',
      updatedAt: '2024-03-20T06:00:00Z',
      durationMs: 1_641_600_000,
      silenced: false,
      acknowledged: { by: 'operador.lima', at: '2024-03-02T08:15:00-05:00', comment: 'DIRANDRO informada' },
    },
    breachingSince: null,
    consecutiveBreaches: 0,
    lastEvaluatedAt: '2024-03-20T06:00:00Z',
    lastNotifiedAt: '2024-03-20T06:00:00Z',
  },
  'vigia.alert-actions.v1': {
    type: 'silence.created',
    actionId: '5a0c7e2d-1b3f-4c6a-9d8e-7f6a5b4c3d2e',
    by: 'operador.lima',
    at: '2024-03-15T10:00:00-05:00',
    silenceId: '2024-vraem-maintenance',
    matchers: [
      { label: 'region', operator: '=~', value: 'zone:vraem|05.*' },
      { label: 'severity', operator: '!=', value: 'critical' },
    ],
    until: '2024-03-22T10:00:00-05:00',
    comment: 'Known operation in progress; reviewed daily',
  },
  'vigia.alerter.jobs.v1': { type: 'job.requested', job: 'daily-digest', slot: '2024-03-15T11:00:00Z' },
  'vigia.digests.v1': {
    type: 'digest.published',
    digestId: 'daily-2024-03-14',
    schedule: 'daily',
    periodStart: '2024-03-14T00:00:00-05:00',
    periodEnd: '2024-03-15T00:00:00-05:00',
    generatedAt: '2024-03-15T06:00:00-05:00',
    totals: {
      opened: { info: 0, warning: 1, critical: 0 },
      resolved: { info: 0, warning: 0, critical: 0 },
      firingAtEnd: { info: 0, warning: 1, critical: 1 },
    },
    alerts: [
      {
        fingerprint: '8c1e44b09a7d2f35',
        ruleId: 'clashes-30d',
        severity: 'warning',
        state: 'firing',
        region: { code: '0504', level: 'province', name: 'Huanta' },
        summary: '4 armed clashes in Huanta in 30 days (threshold 3)',
        startsAt: '2024-03-01T00:00:00Z',
      },
    ],
  },
};
