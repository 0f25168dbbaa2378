import { parseArgs } from 'node:util';
import { readEventStream } from '@vigia/console';
import { displayText, type Alert } from '@vigia/schemas';
import { CliError, usageError } from '../cli-errors.ts';
import type { CliIo } from '../cli-io.ts';
import { parseArgsStrict } from '../parse-args.ts';
import { formatAlertLine, formatDuration } from '../up/alert-line.ts';
import { consoleRequest, consoleTargetHelp, consoleTargetOf, consoleTargetOptions, queryOf, stringOptions, type ConsoleTarget } from './console-client.ts';

export const alertsHelp = `Usage: vigia alerts [list|tail|show <fingerprint>] [options]

Alerts from the console's API, like amtool's "alert query".

  list (default)          the latest state of each alert, firing and most severe first
  tail                    follow transitions live (Server-Sent Events); resumes where it
                          stopped after a dropped connection, without repeats
  show <fingerprint>      one alert: summary, evidence (indicators and event ids), history

Filters (list and tail):
  --state <s,…>           pending, firing, resolved
  --severity <s,…>        info, warning, critical
  --region <code>         a region and everything inside it (PE, 05, 0504, zone:vraem)
  --zone <id>             a zone and the regions it contains (vraem)
  --rule <id>             one rule
  --from <time> --to <time>  active at some instant of the range (RFC 3339)

Output:
  --json                  one JSON object per line (NDJSON) instead of text
  --no-color              plain text even on a terminal

${consoleTargetHelp}
`;

const filterNames = ['state', 'severity', 'region', 'zone', 'rule', 'from', 'to'] as const;

interface AlertView {
  readonly change: string;
  readonly alert: Alert;
}

export async function runAlerts(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgsStrict(
    () =>
      parseArgs({
        args: [...args],
        allowPositionals: true,
        strict: true,
        options: { ...stringOptions(filterNames), ...consoleTargetOptions, json: { type: 'boolean' }, 'no-color': { type: 'boolean' } },
      }),
    'alerts',
  );
  if (values.help === true) {
    io.stdout.write(alertsHelp);
    return 0;
  }
  const [sub = 'list', ...rest] = positionals;
  const target = consoleTargetOf(values, io.env);
  const query = queryOf(values, filterNames);
  const color = values['no-color'] !== true && io.stdout.isTTY === true;
  const json = values.json === true;
  switch (sub) {
    case 'list': {
      const answer = await consoleRequest<{ alerts: AlertView[] }>(target, 'GET', `/v1/alerts?${query}`);
      const nowMs = Date.now();
      for (const view of answer.alerts)
        io.stdout.write(json ? `${JSON.stringify(view)}\n` : `${formatAlertLine(view.alert, { color })}  ${age(view.alert, nowMs)}\n`);
      if (!json && answer.alerts.length === 0) io.stderr.write('no alert matches\n');
      return 0;
    }
    case 'tail':
      return tail(target, query, io, { color, json });
    case 'show': {
      const fingerprint = rest[0];
      if (fingerprint === undefined) throw usageError('vigia alerts show needs a fingerprint (vigia alerts list --json shows them)');
      const path = `/v1/alerts/${encodeURIComponent(fingerprint)}`;
      const answer = await consoleRequest<AlertView & { history: AlertView[] }>(target, 'GET', path);
      const { events } = await consoleRequest<{ events: EvidenceEvent[] }>(target, 'GET', `${path}/events`);
      io.stdout.write(json ? `${JSON.stringify({ ...answer, events })}\n` : describeAlert(answer, events, color));
      return 0;
    }
    default:
      throw usageError(`unknown alerts subcommand ${JSON.stringify(sub)}; use list, tail or show`);
  }
}

function age(alert: Alert, nowMs: number): string {
  return `(${formatDuration(Math.max(0, nowMs - Date.parse(alert.updatedAt)))} ago)`;
}

interface EvidenceEvent {
  readonly eventId: string;
  readonly event: {
    readonly kind: string;
    readonly occurredAt: string;
    readonly revision: number;
    readonly location?: { readonly placeName?: string };
    readonly source: { readonly name: string };
    readonly notes?: string;
  } | null;
  readonly retracted?: { readonly reason: string };
}

function describeEvent({ eventId, event, retracted }: EvidenceEvent): string {
  if (event === null) return `${displayText(eventId)}: not on the events topic`;
  const place = event.location?.placeName === undefined ? '' : ` at ${displayText(event.location.placeName)}`;
  const withdrawn = retracted === undefined ? '' : ` — RETRACTED: ${displayText(retracted.reason)}`;
  return `${displayText(eventId)}  ${event.occurredAt} ${event.kind}${place}, source ${displayText(event.source.name)}, revision ${event.revision}${withdrawn}`;
}

function describeAlert(view: AlertView & { history: AlertView[] }, events: readonly EvidenceEvent[], color: boolean): string {
  const { alert } = view;
  const lines = [
    formatAlertLine(alert, { color }),
    `  fingerprint  ${alert.fingerprint}`,
    `  rule         ${alert.ruleId} (${alert.ruleKind})`,
    `  region       ${displayText(alert.region.name)} ${alert.region.code} (${alert.region.level})`,
    `  started      ${alert.startsAt}${alert.endsAt === null ? '' : `, ended ${alert.endsAt}`}`,
    `  labels       ${Object.entries(alert.labels)
      .map(([name, value]) => `${name}=${displayText(value)}`)
      .join(' ')}`,
    ...(alert.acknowledged === null
      ? []
      : [
          `  acknowledged by ${displayText(alert.acknowledged.by)} at ${alert.acknowledged.at}${alert.acknowledged.comment === undefined ? '' : `: ${displayText(alert.acknowledged.comment)}`}`,
        ]),
    '  evidence',
    ...alert.evidence.indicators.map(
      (indicator) =>
        `    ${indicator.region} ${indicator.metric} ${indicator.window} as of ${indicator.asOf}: ${indicator.value}${indicator.previousValue === null ? '' : ` (before ${indicator.previousValue})`}${indicator.threshold === undefined ? '' : `, threshold ${indicator.threshold}`}`,
    ),
    ...events.map((found) => `    ${describeEvent(found)}`),
    '  history',
    ...view.history.map((step) => `    ${step.alert.updatedAt}  ${step.change.padEnd(12)} ${displayText(step.alert.summary)}`),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Follows the stream. A dropped connection is reopened with the last event id
 * (the console resumes exactly after it); Ctrl-C ends the command.
 */
async function tail(target: ConsoleTarget, query: URLSearchParams, io: CliIo, options: { color: boolean; json: boolean }): Promise<number> {
  let lastEventId: string | undefined;
  let failures = 0;
  for (;;) {
    try {
      const response = await fetch(`${target.url}/v1/alerts/stream?${query}`, {
        headers: { authorization: `Bearer ${target.key}`, accept: 'text/event-stream', ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }) },
      });
      if (response.status === 401 || response.status === 403 || response.status === 400) {
        throw new CliError('VIGIA_CLI_CONSOLE_FAILED', `the console answered ${response.status}: ${await response.text()}`);
      }
      if (!response.ok || response.body === null) throw new Error(`status ${response.status}`);
      failures = 0;
      for await (const event of readEventStream(response.body as unknown as AsyncIterable<Uint8Array>)) {
        if (event.id !== undefined) lastEventId = event.id;
        if (event.event !== 'alert') continue;
        const view = JSON.parse(event.data) as AlertView;
        io.stdout.write(options.json ? `${event.data}\n` : `${formatAlertLine(view.alert, { color: options.color, change: view.change })}\n`);
      }
    } catch (error) {
      if (error instanceof CliError) throw error;
      failures++;
      if (failures > 30) throw new CliError('VIGIA_CLI_CONSOLE_FAILED', `lost the console at ${target.url} and could not reconnect`, { cause: error });
    }
    io.stderr.write('vigia alerts tail: connection lost; reconnecting where it stopped…\n');
    await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 250 * 2 ** Math.min(failures, 5))));
  }
}
