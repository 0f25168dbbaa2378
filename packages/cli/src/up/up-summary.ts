import type { Alert } from '@vigia/schemas';
import { formatAlertLine } from './alert-line.ts';
import type { LoadedScenario } from './load-scenario.ts';

export interface UpSummary {
  readonly loaded: LoadedScenario;
  /** Records on the canonical topic by change type (event.recorded, event.revised…). */
  readonly changes: ReadonlyMap<string, number>;
  /** DLQ records by reason, from every stage. */
  readonly rejections: ReadonlyMap<string, number>;
  readonly firing: readonly Alert[];
  readonly color: boolean;
}

/** What an operator wants after the run: what went in, and what is firing now. */
export function formatSummary(summary: UpSummary): string {
  const { loaded, firing } = summary;
  const count = (tally: ReadonlyMap<string, number>) => [...tally.values()].reduce((sum, n) => sum + n, 0);
  const listed = (tally: ReadonlyMap<string, number>) =>
    [...tally.entries()]
      .sort(([, a], [, b]) => b - a)
      .map(([label, n]) => `${label} ${n}`)
      .join(', ');
  const lines = [
    '',
    `Processed ${loaded.submitted} reports: ${count(summary.changes)} canonical changes (${listed(summary.changes) || 'none'}), ` +
      `${count(summary.rejections)} in the DLQ (${listed(summary.rejections) || 'none'}).`,
    firing.length === 0 ? 'No alert is firing.' : `${firing.length} alert${firing.length === 1 ? '' : 's'} firing now:`,
    ...firing.map((alert) => `  ${formatAlertLine(alert, { color: summary.color })}`),
    '',
  ];
  return lines.join('\n');
}
