import { incidentTypes, substanceUnits, substances, type IndicatorWindow, type IncidentType, type Substance } from '@vigia/schemas';

/**
 * The metric catalogue: every id the fan-out emits, what it measures and how
 * it is windowed. Ids are dotted lower-case words (the `metricIdSchema`
 * format), stable, and built from the schemas' enums so a new incident type or
 * substance gets its metrics without an edit here.
 */

/** `daily` metrics are summed over trailing day windows; `survey` metrics are yearly figures. */
export const MetricKind = { daily: 'daily', survey: 'survey' } as const;
export type MetricKind = (typeof MetricKind)[keyof typeof MetricKind];

export interface MetricDefinition {
  readonly id: string;
  readonly kind: MetricKind;
  /** What one unit of the value is: `events`, `people`, `kg`, `L`, `m3`, `ha`, or an ISO 4217 code. */
  readonly unit: string;
  readonly description: string;
  /** False for reference figures kept only to derive others (the national survey total in each region). */
  readonly published: boolean;
}

export const incidentsCount = 'incidents.count';
export const fatalitiesTotal = 'fatalities.total';
export const fatalitiesSecurityForces = 'fatalities.security-forces';
export const fatalitiesCivilians = 'fatalities.civilians';
export const fatalitiesArmedGroups = 'fatalities.armed-groups';
export const injuriesTotal = 'injuries.total';
export const eradicationHa = 'eradication.ha';
export const seizuresCount = 'seizures.count';
export const precursorsCount = 'precursors.count';
export const arrestsTotal = 'arrests.total';

/** Survey figures and what is derived from them; all published in the `annual` window. */
export const surveyMetric = {
  hectares: 'cultivation.coca.ha',
  /** The national survey figure, copied into each share region so it can compute its share on its own partition. */
  nationalHectares: 'cultivation.coca.national-ha',
  yoyHa: 'cultivation.coca.yoy-ha',
  yoyPct: 'cultivation.coca.yoy-pct',
  shareOfNationalPct: 'cultivation.coca.share-national-pct',
} as const;

/** `incidents.armed-clash.count`. */
export function incidentTypeMetric(type: IncidentType): string {
  return `incidents.${type}.count`;
}

/** Seizure events that included the substance: `seizures.cocaine-hydrochloride.count`, `precursors.count`. */
export function substanceCountMetric(substance: Substance): string {
  return substance === 'precursor-chemical' ? precursorsCount : `seizures.${substance}.count`;
}

/** Normalized quantity seized: `seizures.cocaine-hydrochloride.kg`, `precursors.l`, `seizures.cash.usd`. */
export function substanceQuantityMetric(substance: Substance, unit: string): string {
  const prefix = substance === 'precursor-chemical' ? 'precursors' : `seizures.${substance}`;
  return `${prefix}.${unit.toLowerCase()}`;
}

function daily(id: string, unit: string, description: string): MetricDefinition {
  return { id, kind: MetricKind.daily, unit, description, published: true };
}

function buildCatalogue(): readonly MetricDefinition[] {
  const definitions: MetricDefinition[] = [
    daily(incidentsCount, 'events', 'Incidents of any type'),
    ...incidentTypes.map((type) => daily(incidentTypeMetric(type), 'events', `Incidents of type ${type}`)),
    daily(fatalitiesTotal, 'people', 'People killed, all sides'),
    daily(fatalitiesSecurityForces, 'people', 'Police and military killed'),
    daily(fatalitiesCivilians, 'people', 'Civilians killed'),
    daily(fatalitiesArmedGroups, 'people', 'Members of armed groups and criminal organisations killed'),
    daily(injuriesTotal, 'people', 'People injured, all sides'),
    daily(eradicationHa, 'ha', 'Coca eradicated by eradication operations, hectares'),
    daily(seizuresCount, 'events', 'Seizure events of any substance'),
    daily(arrestsTotal, 'people', 'People detained in seizure operations that report arrests'),
  ];
  for (const substance of substances) {
    definitions.push(daily(substanceCountMetric(substance), 'events', `Seizure events that included ${substance}`));
    for (const unit of substanceUnits[substance]) {
      definitions.push(daily(substanceQuantityMetric(substance, unit), unit, `${substance} seized, ${unit} (normalized quantity)`));
    }
  }
  definitions.push(
    { id: surveyMetric.hectares, kind: MetricKind.survey, unit: 'ha', description: 'Coca under cultivation, latest survey', published: true },
    {
      id: surveyMetric.nationalHectares,
      kind: MetricKind.survey,
      unit: 'ha',
      description: 'National survey total, kept in each share region to compute its share (not published)',
      published: false,
    },
  );
  return definitions;
}

/** Every base metric the fan-out can emit. */
export const metricCatalogue: readonly MetricDefinition[] = Object.freeze(buildCatalogue());

const byId = new Map(metricCatalogue.map((definition) => [definition.id, definition]));

/** The definition of a base metric id, or `undefined` for ids this version does not know. */
export function metricDefinition(id: string): MetricDefinition | undefined {
  return byId.get(id);
}

/**
 * Survey ids are the two survey figures; every other id — including ids a
 * newer fan-out may send that this version does not know — is a daily metric,
 * so an unknown id is aggregated rather than crashing the aggregator.
 */
export function metricKindOf(id: string): MetricKind {
  return id === surveyMetric.hectares || id === surveyMetric.nationalHectares ? MetricKind.survey : MetricKind.daily;
}

/** Whether a base metric's own windows are published (false only for reference figures). */
export function isPublishedMetric(id: string): boolean {
  return byId.get(id)?.published ?? true;
}

export type DailyWindow = Exclude<IndicatorWindow, 'annual'>;

/** Trailing windows of daily metrics and their length in days (the window ends on, and includes, `asOf`). */
export const dailyWindowDays: Readonly<Record<DailyWindow, number>> = { '7d': 7, '30d': 30, '90d': 90, '365d': 365 };
export const dailyWindows = Object.keys(dailyWindowDays) as readonly DailyWindow[];

/** The longest daily window; retention must cover it. */
export const longestWindowDays = 365;

/**
 * Indicators derived from a daily metric's window, as metric-id suffixes
 * (`incidents.count.zscore` in window `7d`). `change` compares with the
 * preceding window of the same length; `baseline` and `zscore` need enough
 * past windows inside the retained history (see `README.md`).
 */
export const DerivedIndicator = {
  change: 'change',
  changePct: 'change-pct',
  baseline: 'baseline',
  zScore: 'zscore',
} as const;
export type DerivedIndicator = (typeof DerivedIndicator)[keyof typeof DerivedIndicator];

/** Windows with a change-versus-previous-window figure: the previous window must lie inside retention. */
export const changeWindows: readonly DailyWindow[] = ['7d', '30d', '90d'];
/** Windows with an EWMA baseline and z-score: only these fit enough past windows into 400 days. */
export const baselineWindows: readonly DailyWindow[] = ['7d', '30d'];

/** `incidents.count` + `zscore` → `incidents.count.zscore`. */
export function derivedMetric(base: string, derived: DerivedIndicator): string {
  return `${base}.${derived}`;
}
