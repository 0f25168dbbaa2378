import type { CompiledReplayOptions } from './replay-options.ts';
import type { ReplayResult } from './replay-run.ts';
import { alertReports, diffReports, seriesReports, type ReportFile } from './render-reports.ts';
import { episodesOf, type AlertEpisode } from './report-rows.ts';
import { diffRuleSets, type DiffRow } from './rule-set-diff.ts';

export interface ReplayReports {
  /** Every file to write, in a fixed order. */
  readonly files: readonly ReportFile[];
  readonly alerts: ReadonlyMap<string, readonly AlertEpisode[]>;
  /** Each later rule set against the first. */
  readonly diffs: readonly { readonly a: string; readonly b: string; readonly rows: readonly DiffRow[]; readonly markdown: string }[];
}

/**
 * The reports of a finished replay: `alerts.{csv,json,md}` (one rule set) or
 * `alerts-<name>.*` per rule set, `diff-<a>-vs-<b>.{csv,md}` for each later
 * rule set against the first, and `series.csv` and `series.parquet` when
 * series were asked for.
 */
export function buildReports(result: ReplayResult, options: CompiledReplayOptions): ReplayReports {
  const { from, to } = options;
  const names = options.ruleSets.map((ruleSet) => ruleSet.name);
  const alerts = new Map(names.map((name) => [name, episodesOf(result.transitions.get(name) ?? [], from, to)]));
  const files: ReportFile[] = [];
  for (const name of names) files.push(...alertReports(names.length === 1 ? 'alerts' : `alerts-${name}`, { from, to, ruleSet: name }, alerts.get(name)!));
  const diffs: { a: string; b: string; rows: DiffRow[]; markdown: string }[] = [];
  const [first, ...others] = names;
  for (const other of others) {
    const rows = diffRuleSets(alerts.get(first!)!, alerts.get(other)!);
    const written = diffReports(`diff-${first}-vs-${other}`, { from, to, a: first!, b: other }, rows);
    files.push(...written);
    diffs.push({ a: first!, b: other, rows, markdown: String(written.find((file) => file.name.endsWith('.md'))!.content) });
  }
  if (options.series !== undefined) files.push(...seriesReports(result.series));
  return { files, alerts, diffs };
}
