import { toCsv } from '@vigia/aggregator';
import { DiffKind, findingOf, type DiffRow } from './rule-set-diff.ts';
import { compareText as cmp, type AlertEpisode, type SeriesRow } from './report-rows.ts';

/** A report file: its name inside the output folder and its whole text. */
export interface ReportFile {
  readonly name: string;
  readonly text: string;
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
    { name: `${base}.csv`, text: toCsv(alertColumns, episodes.map(alertCells)) },
    { name: `${base}.json`, text: `${JSON.stringify(json, null, 2)}\n` },
    { name: `${base}.md`, text: `${markdown.join('\n')}\n` },
  ];
}

const seriesColumns = ['as_of', 'region', 'level', 'metric', 'window', 'value', 'contributing_events', 'correction', 'source', 'year'] as const;

/**
 * Indicator values as the aggregator published them (a value is published
 * when it changes), per region, metric and window in day order; a
 * correction is a late report that changed a day already published.
 */
export function seriesReport(rows: readonly SeriesRow[]): ReportFile {
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
    .map(({ row }) => [row.asOf, row.region, row.level, row.metric, row.window, row.value, row.contributingEvents, row.correction, row.source, row.year]);
  return { name: 'series.csv', text: toCsv(seriesColumns, sorted) };
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
    { name: `${base}.csv`, text: toCsv(diffColumns, cells) },
    { name: `${base}.md`, text: `${markdown.join('\n')}\n` },
  ];
}

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map((cell) => cell.replaceAll('|', '\\|').replaceAll('\n', ' ')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)];
}

const day = (instant: string): string => instant.slice(0, 10);
const signed = (days: number): string => (days > 0 ? `+${days}` : String(days));
