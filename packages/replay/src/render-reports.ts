import { toCsv } from '@vigia/aggregator';
import { parquetWriteBuffer, type BasicType } from 'hyparquet-writer';
import { DiffKind, findingOf, type DiffRow } from './rule-set-diff.ts';
import { compareText as cmp, type AlertEpisode, type SeriesRow } from './report-rows.ts';

/** A report file: its name inside the output folder and its whole content. */
export interface ReportFile {
  readonly name: string;
  /** Text reports as text; `series.parquet` as its bytes. */
  readonly content: string | Uint8Array;
}

/** What a report says about the run (never a wall-clock time: the same replay writes the same bytes). */
export interface ReportHeading {
  readonly from: string;
  readonly to: string;
  readonly ruleSet: string;
}

const alertColumns = [
  'fired_at',
  'resolved_at',
  'rule',
  'severity',
  'region',
  'region_name',
  'level',
  'finding',
  'summary',
  'resolution',
  'fingerprint',
] as const;

function alertCells(episode: AlertEpisode): unknown[] {
  return [
    episode.firedAt,
    episode.resolvedAt,
    episode.ruleId,
    episode.severity,
    episode.region,
    episode.regionName,
    episode.level,
    findingOf(episode),
    episode.summary,
    episode.resolution,
    episode.fingerprint,
  ];
}

/** The alerts that would have fired, as CSV, JSON and Markdown (`<base>.csv|json|md`). */
export function alertReports(base: string, heading: ReportHeading, episodes: readonly AlertEpisode[]): ReportFile[] {
  const json = {
    from: heading.from,
    to: heading.to,
    rules: heading.ruleSet,
    alerts: episodes.map((episode) => ({
      firedAt: episode.firedAt,
      resolvedAt: episode.resolvedAt ?? null,
      startsAt: episode.startsAt,
      rule: episode.ruleId,
      severity: episode.severity,
      region: { code: episode.region, name: episode.regionName, level: episode.level },
      source: episode.source ?? null,
      year: episode.year ?? null,
      eventId: episode.eventId ?? null,
      summary: episode.summary,
      resolution: episode.resolution ?? null,
      fingerprint: episode.fingerprint,
    })),
  };
  const rows = episodes.map((episode) => [
    day(episode.firedAt),
    episode.resolvedAt === undefined ? '' : day(episode.resolvedAt),
    episode.ruleId,
    episode.severity,
    `${episode.regionName} (${episode.region})`,
    episode.summary,
  ]);
  const markdown = [
    `# Alerts that would have fired, ${heading.from} to ${heading.to}`,
    '',
    `Rules: \`${heading.ruleSet}\`. ${episodes.length} alerts${episodes.length === 0 ? '.' : ':'}`,
    '',
    ...(episodes.length === 0 ? [] : markdownTable(['fired', 'resolved', 'rule', 'severity', 'region', 'summary'], rows)),
  ];
  return [
    { name: `${base}.csv`, content: toCsv(alertColumns, episodes.map(alertCells)) },
    { name: `${base}.json`, content: `${JSON.stringify(json, null, 2)}\n` },
    { name: `${base}.md`, content: `${markdown.join('\n')}\n` },
  ];
}

const seriesColumns = ['as_of', 'region', 'level', 'metric', 'window', 'value', 'contributing_events', 'correction', 'source', 'year'] as const;

/**
 * Indicator values as the aggregator published them (a value is published
 * when it changes), per region, metric and window in day order; a
 * correction is a late report that changed a day already published. The
 * same rows as CSV and as Parquet (typed columns, for dataframes); both are
 * byte-identical for the same replay.
 */
export function seriesReports(rows: readonly SeriesRow[]): ReportFile[] {
  const sorted = rows
    .map((row, index) => ({ row, index }))
    .sort(
      (x, y) =>
        cmp(x.row.region, y.row.region) ||
        cmp(x.row.metric, y.row.metric) ||
        cmp(x.row.window, y.row.window) ||
        cmp(x.row.asOf, y.row.asOf) ||
        x.index - y.index,
    )
    .map(({ row }) => row);
  const cells = sorted.map((row) => [
    row.asOf,
    row.region,
    row.level,
    row.metric,
    row.window,
    row.value,
    row.contributingEvents,
    row.correction,
    row.source,
    row.year,
  ]);
  const column = <T>(name: (typeof seriesColumns)[number], type: BasicType, value: (row: SeriesRow) => T) => ({ name, type, data: sorted.map(value) });
  const parquet = parquetWriteBuffer({
    columnData: [
      column('as_of', 'STRING', (row) => row.asOf),
      column('region', 'STRING', (row) => row.region),
      column('level', 'STRING', (row) => row.level),
      column('metric', 'STRING', (row) => row.metric),
      column('window', 'STRING', (row) => row.window),
      column('value', 'DOUBLE', (row) => row.value),
      column('contributing_events', 'INT32', (row) => row.contributingEvents),
      column('correction', 'BOOLEAN', (row) => row.correction),
      column('source', 'STRING', (row) => row.source ?? null),
      column('year', 'INT32', (row) => row.year ?? null),
    ],
  });
  return [
    { name: 'series.csv', content: toCsv(seriesColumns, cells) },
    { name: 'series.parquet', content: new Uint8Array(parquet) },
  ];
}

const diffColumns = ['change', 'rule', 'region', 'region_name', 'level', 'finding', 'fired_at_a', 'fired_at_b', 'lead_days_b', 'summary'] as const;

const kindText: Record<DiffKind, string> = {
  [DiffKind.onlyA]: 'only in A',
  [DiffKind.onlyB]: 'only in B',
  [DiffKind.earlierInB]: 'B earlier',
  [DiffKind.laterInB]: 'B later',
  [DiffKind.same]: 'same day',
};

/** The diff of rule set B against A: CSV for spreadsheets, Markdown to read (also printed). */
export function diffReports(
  base: string,
  heading: { readonly from: string; readonly to: string; readonly a: string; readonly b: string },
  rows: readonly DiffRow[],
): ReportFile[] {
  const count = (kind: DiffKind) => rows.filter((row) => row.kind === kind).length;
  const changed = rows.filter((row) => row.kind !== DiffKind.same);
  const markdown = [
    `# Backtest: ${heading.b} (B) against ${heading.a} (A), ${heading.from} to ${heading.to}`,
    '',
    `Only in A: ${count(DiffKind.onlyA)}. Only in B: ${count(DiffKind.onlyB)}. B fired earlier: ${count(DiffKind.earlierInB)}, later: ${count(DiffKind.laterInB)}. ` +
      `Same day in both: ${count(DiffKind.same)}.`,
    '',
    ...(changed.length === 0
      ? ['The two rule sets fire the same alerts on the same days.']
      : markdownTable(
          ['change', 'rule', 'region', 'finding', 'A fired', 'B fired', 'lead (days)'],
          changed.map((row) => [
            kindText[row.kind],
            row.ruleId,
            `${row.regionName} (${row.region})`,
            row.finding,
            row.firedAtA === undefined ? '—' : day(row.firedAtA),
            row.firedAtB === undefined ? '—' : day(row.firedAtB),
            row.leadDays === undefined ? '' : signed(row.leadDays),
          ]),
        )),
  ];
  const cells = rows.map((row) => [
    row.kind,
    row.ruleId,
    row.region,
    row.regionName,
    row.level,
    row.finding,
    row.firedAtA,
    row.firedAtB,
    row.leadDays,
    row.summary,
  ]);
  return [
    { name: `${base}.csv`, content: toCsv(diffColumns, cells) },
    { name: `${base}.md`, content: `${markdown.join('\n')}\n` },
  ];
}

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map((cell) => cell.replaceAll('|', '\\|').replaceAll('\n', ' ')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)];
}

const day = (instant: string): string => instant.slice(0, 10);
const signed = (days: number): string => (days > 0 ? `+${days}` : String(days));
