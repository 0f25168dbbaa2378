import type { ActorKind } from '@vigia/schemas';
import { incidentTypeOfAcled } from './acled-incident-type.ts';
import { CsvRow } from './csv-columns.ts';
import { field, type Field } from './fields.ts';
import { fold } from './fold.ts';
import { readNumber } from './numbers.ts';
import type { Problems } from './problems.ts';
import type { ReportFields } from './report-fields.ts';

/**
 * ACLED export rows (format `acled-csv`): always incidents. The columns read
 * are listed in the README; the others (iso, region, interaction, tags…)
 * are ignored.
 */
export const acledColumns = [
  'event_id_cnty',
  'event_date',
  'year',
  'time_precision',
  'event_type',
  'sub_event_type',
  'actor1',
  'assoc_actor_1',
  'inter1',
  'actor2',
  'assoc_actor_2',
  'inter2',
  'civilian_targeting',
  'country',
  'admin1',
  'admin2',
  'admin3',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'source',
  'notes',
  'fatalities',
  'timestamp',
] as const;

/** ACLED's `time_precision`: 1 the day is known, 2 the week (the date is within it), 3 the month. */
const timePrecisions: Readonly<Record<string, string>> = { '1': 'day', '2': 'day', '3': 'month' };

function precisionOf(row: CsvRow): Field {
  const cell = row.get('time_precision');
  const text = row.text('time_precision');
  return field(Object.hasOwn(timePrecisions, text) ? timePrecisions[text] : cell.value, cell.path);
}

/** 1 on both time and place → high; 3 (month, or region only) on either → low. */
function confidenceOf(row: CsvRow): string {
  const time = row.text('time_precision');
  const geo = row.text('geo_precision');
  if (time === '3' || geo === '3') return 'low';
  return time === '1' && geo === '1' ? 'high' : 'medium';
}

/** ACLED's `timestamp` (seconds since 1970, when the row last changed) as RFC 3339, or the cell as it is. */
function instantOf(cell: Field): unknown {
  const seconds = readNumber(cell.value);
  if (!seconds.ok || !Number.isInteger(seconds.value) || seconds.value <= 0 || seconds.value > 32_503_680_000) return cell.value;
  return new Date(seconds.value * 1000).toISOString();
}

function actorKindOf(name: string, inter: string): ActorKind {
  const text = ` ${fold(name)} `;
  if (/ (police|policia|pnp) /.test(text)) return 'police';
  if (/ (military|army|navy|air force|armed forces|ejercito|marina|fuerza aerea|fuerzas armadas) /.test(text)) return 'military';
  if (/ (cartel|gang|criminal|narco|drug traffickers|trafficking|narcotraficantes) /.test(text)) return 'criminal-organization';
  const interKey = fold(inter);
  if (['2', '3', '4', 'rebel group', 'political militia', 'identity militia'].includes(interKey)) return 'armed-group';
  if (['7', 'civilians'].includes(interKey)) return 'civilians';
  return 'other';
}

function notesOf(row: CsvRow): string {
  const lines = [row.text('notes')];
  if (row.has('source')) lines.push(`Sources: ${row.text('source')}`);
  lines.push(`ACLED: ${row.text('event_type')} / ${row.text('sub_event_type')}`);
  return lines.filter((line) => line !== '').join('\n');
}

/** Reads an ACLED row; a row about another country is `PLACE_UNKNOWN` at `country`. */
export function readAcledReport(columns: Readonly<Record<string, string>>, problems: Problems): ReportFields {
  const row = new CsvRow(columns);
  if (row.has('country') && fold(row.text('country')) !== 'peru') {
    problems.add('PLACE_UNKNOWN', row.get('country').path, `${JSON.stringify(row.text('country').slice(0, 80))} is not Peru`);
  }
  const fatalitiesCell = row.get('fatalities');
  const fatalities = readNumber(fatalitiesCell.value);
  const fatalityCount = fatalities.ok ? fatalities.value : 0;
  const incidentType = incidentTypeOfAcled(row.text('event_type'), row.text('sub_event_type'), row.text('notes'), fatalityCount);
  // ACLED gives one total: civilians when the event targets them, otherwise filed under armed groups (see README).
  const civilianTargets = fold(row.text('event_type')) === 'violence against civilians' || row.has('civilian_targeting');
  const none = (name: string) => field(undefined, row.get(name).path);
  const admin = (['admin1', 'admin2', 'admin3'] as const).filter((name) => row.has(name));
  const adminNames = { admin1: 'department', admin2: 'province', admin3: 'district' } as const;
  const mostPrecise = admin.at(-1);
  const timestamp = row.get('timestamp');
  const eventId = row.get('event_id_cnty');
  return {
    kind: field('incident', row.get('event_type').path),
    eventId,
    // A later ACLED edit has a later timestamp: using it as the revision makes the latest edit win.
    revision: timestamp,
    occurredAt: row.get('event_date'),
    precision: precisionOf(row),
    reportedAt: field(instantOf(timestamp), timestamp.path),
    source: { name: field('ACLED', eventId.path), kind: field('ngo', eventId.path), reference: eventId },
    confidence: field(confidenceOf(row), row.get('geo_precision').path),
    notes: field(notesOf(row), row.get('notes').path),
    place:
      mostPrecise === undefined
        ? field(row.get('location').value, row.get('location').path)
        : field(Object.fromEntries(admin.map((name) => [adminNames[name], row.text(name)])), row.get(mostPrecise).path),
    placeName: row.get('location'),
    ubigeo: none('ubigeo'),
    zone: none('zone'),
    latitude: row.get('latitude'),
    longitude: row.get('longitude'),
    coordinatesPath: row.get('latitude').path,
    incident: {
      incidentType: field(incidentType, row.get('sub_event_type').path),
      securityForces: { killed: none('fatalities'), injured: none('fatalities') },
      civilians: { killed: civilianTargets ? fatalitiesCell : none('fatalities'), injured: none('fatalities') },
      armedGroups: { killed: civilianTargets ? none('fatalities') : fatalitiesCell, injured: none('fatalities') },
      actors: (['1', '2'] as const)
        .filter((n) => row.has(`actor${n}`))
        .map((n) => ({
          name: row.get(`actor${n}`),
          kind: field(actorKindOf(row.text(`actor${n}`), row.text(`inter${n}`)), row.get(`inter${n}`).path),
        })),
      eradicatedHectares: none('eradicated_hectares'),
    },
    seizure: { items: [], itemsPath: '', arrests: none('arrests') },
    survey: { year: row.get('year'), hectares: none('hectares'), edition: none('edition') },
  };
}
