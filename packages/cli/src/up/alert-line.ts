import { displayText, type Alert } from '@vigia/schemas';

/** ANSI styles, applied only when the output is a terminal. */
const styles = {
  critical: '\u001b[1;97;41m',
  warning: '\u001b[1;30;43m',
  info: '\u001b[1;97;44m',
  firing: '\u001b[1;31m',
  pending: '\u001b[33m',
  resolved: '\u001b[32m',
  updated: '\u001b[36m',
  dim: '\u001b[2m',
  reset: '\u001b[0m',
} as const;

export interface AlertLineOptions {
  readonly color: boolean;
  /**
   * What changed (the record's `vigia-alert-change` header). An update of a
   * firing alert (a revised count, a new value) says UPDATED, so it is not
   * read as a new page; acknowledgements and silences say so too.
   */
  readonly change?: string;
}

/** The label of a line: the state, or what changed when the state did not. */
function stateLabel(alert: Alert, change: string | undefined): { readonly text: string; readonly style: keyof typeof styles } {
  if (change === 'updated' || change === 'acknowledged' || change === 'silenced' || change === 'unsilenced')
    return { text: change.toUpperCase(), style: 'updated' };
  if (change === 'recovered') return { text: 'RECOVERED', style: 'resolved' };
  return { text: alert.state.toUpperCase(), style: alert.state };
}

/**
 * One alert transition as an operator reads it at a glance:
 * `CRITICAL  FIRING    VRAEM (zone)  coca-growth-yoy  Coca cultivation in VRAEM grew 22.5 % …`.
 */
export function formatAlertLine(alert: Alert, options: AlertLineOptions): string {
  const paint = (style: keyof typeof styles, text: string) => (options.color ? `${styles[style]}${text}${styles.reset}` : text);
  const severity = paint(alert.severity, ` ${alert.severity.toUpperCase().padEnd(8)} `);
  const label = stateLabel(alert, options.change);
  const state = paint(label.style, label.text.padEnd(12));
  // Publisher text: control characters removed so that nothing can retitle the window or clear the screen.
  const region = `${displayText(alert.region.name)} (${alert.region.level})`;
  const notes = [
    alert.silenced ? 'silenced' : undefined,
    alert.acknowledged === null ? undefined : `ack by ${displayText(alert.acknowledged.by)}`,
    alert.durationMs === undefined ? undefined : `after ${formatDuration(alert.durationMs)}`,
  ].filter((note) => note !== undefined);
  const suffix = notes.length === 0 ? '' : paint('dim', `  [${notes.join(', ')}]`);
  return `${severity} ${state} ${region.padEnd(34)} ${paint('dim', alert.ruleId.padEnd(26))} ${displayText(alert.summary)}${suffix}`;
}

/** Event-time durations are days to years; say them in the largest sensible unit. */
export function formatDuration(durationMs: number): string {
  const days = durationMs / 86_400_000;
  if (days >= 365) return `${(days / 365).toFixed(1)} years`;
  if (days >= 1) return `${Math.round(days)} days`;
  const hours = durationMs / 3_600_000;
  return hours >= 1 ? `${Math.round(hours)} h` : `${Math.round(durationMs / 60_000)} min`;
}
