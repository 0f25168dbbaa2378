import type { RawFormat } from '@vigia/schemas';
import { formatBytes, recordsPerSecond } from './progress.ts';

/** The outcome of a `vigia ingest` run; printed as text, or as this JSON with `--json`. */
export interface IngestRunSummary {
  file: string;
  format: RawFormat | undefined;
  /** Where the records went: the API endpoint or the Bus and raw topic. */
  target: string;
  accepted: number;
  rejected: number;
  /** Rejected without being delivered (longer than --max-record-bytes over HTTP): not in the DLQ. */
  notSent: number;
  rejectedByReason: Record<string, number>;
  bytesRead: number;
  totalBytes: number | undefined;
  durationMs: number;
  failure?: { readonly code: string; readonly message: string };
}

const number = new Intl.NumberFormat('en-US');

/** The summary for people, a few aligned lines. */
export function formatSummary(summary: IngestRunSummary): string {
  const records = summary.accepted + summary.rejected;
  const lines = [
    `vigia ingest: ${summary.file} (${summary.format ?? 'format unknown'}) → ${summary.target || '(not opened)'}`,
    `  records   ${number.format(records)}: accepted ${number.format(summary.accepted)}, rejected ${number.format(summary.rejected)}`,
  ];
  const reasons = Object.entries(summary.rejectedByReason).sort(([a], [b]) => a.localeCompare(b));
  if (reasons.length > 0) {
    const inDlq = summary.rejected - summary.notSent;
    const where = summary.notSent === 0 ? 'all in the DLQ' : `${number.format(inDlq)} in the DLQ, ${number.format(summary.notSent)} too long to send`;
    lines.push(`  rejected  ${reasons.map(([reason, count]) => `${reason} ${number.format(count)}`).join(', ')} (${where})`);
  }
  const seconds = summary.durationMs / 1000;
  const rate = number.format(Math.round(recordsPerSecond({ ...summary, elapsedMs: summary.durationMs })));
  lines.push(`  read      ${formatBytes(summary.bytesRead)} in ${seconds.toFixed(1)} s (${rate} records/s)`);
  if (summary.failure !== undefined) lines.push(`  FAILED    ${summary.failure.message}`);
  return `${lines.join('\n')}\n`;
}
