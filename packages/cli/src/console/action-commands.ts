import { parseArgs } from 'node:util';
import { displayText } from '@vigia/schemas';
import { usageError } from '../cli-errors.ts';
import type { CliIo } from '../cli-io.ts';
import { parseArgsStrict } from '../parse-args.ts';
import { consoleRequest, consoleTargetHelp, consoleTargetOf, consoleTargetOptions } from './console-client.ts';

export const ackHelp = `Usage: vigia ack <fingerprint> [--note <text>] [options]

Acknowledges an alert (operator key). The acknowledgement is recorded on
vigia.alert-actions.v1 with who (the key's id) and when, and every alerter applies it.

${consoleTargetHelp}
`;

export const silenceHelp = `Usage: vigia silence add <matcher>… --comment <why> (--duration <d> | --until <time>)
       vigia silence list [--expired]
       vigia silence expire <id>

Silences in Alertmanager's shape, like amtool's. Matchers: label=value, label!=value,
label=~regex, label!~regex (regular expressions match the whole value), e.g.
  vigia silence add region=~'05.*' alertname=clashes-7d --duration 6h --comment 'operation in Huanta'
Labels: alertname (rule id), rule, region, severity, and the rule's own labels.

  --duration <d>          e.g. 90m, 6h, 2d
  --until <time>          end instant (RFC 3339)
  --comment <text>        why (required: silences stay accountable)
  --json                  print JSON

${consoleTargetHelp}
`;

export async function runAck(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgsStrict(
    () => parseArgs({ args: [...args], allowPositionals: true, strict: true, options: { ...consoleTargetOptions, note: { type: 'string' } } }),
    'ack',
  );
  if (values.help === true) {
    io.stdout.write(ackHelp);
    return 0;
  }
  const [fingerprint] = positionals;
  if (fingerprint === undefined || positionals.length > 1) throw usageError('vigia ack takes one fingerprint');
  const target = consoleTargetOf(values, io.env);
  const { action } = await consoleRequest<{ action: { by: string; at: string } }>(
    target,
    'POST',
    `/v1/alerts/${encodeURIComponent(fingerprint)}/ack`,
    values.note === undefined ? {} : { note: values.note },
  );
  io.stdout.write(`acknowledged ${fingerprint} as ${displayText(action.by)} at ${action.at}\n`);
  return 0;
}

interface Silence {
  readonly id: string;
  readonly status: { readonly state: string };
  readonly matchers: readonly { name: string; value: string; isRegex: boolean; isEqual: boolean }[];
  readonly endsAt: string;
  readonly createdBy: string;
  readonly comment: string;
}

export async function runSilence(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgsStrict(
    () =>
      parseArgs({
        args: [...args],
        allowPositionals: true,
        strict: true,
        options: {
          ...consoleTargetOptions,
          duration: { type: 'string' },
          until: { type: 'string' },
          comment: { type: 'string' },
          expired: { type: 'boolean' },
          json: { type: 'boolean' },
        },
      }),
    'silence',
  );
  if (values.help === true) {
    io.stdout.write(silenceHelp);
    return 0;
  }
  const [sub, ...rest] = positionals;
  const target = consoleTargetOf(values, io.env);
  const print = (silence: Silence) =>
    io.stdout.write(
      values.json === true
        ? `${JSON.stringify(silence)}\n`
        : `${silence.id}  ${silence.status.state.padEnd(7)}  until ${silence.endsAt}  ${silence.matchers.map(formatMatcher).join(' ')}  by ${displayText(silence.createdBy)}: ${displayText(silence.comment)}\n`,
    );
  switch (sub) {
    case 'add': {
      if (rest.length === 0) throw usageError('vigia silence add needs at least one matcher, e.g. region=0504');
      if (values.comment === undefined) throw usageError('vigia silence add needs --comment <why>');
      const endsAt = endOf(values.duration, values.until);
      const { silence } = await consoleRequest<{ silence: Silence }>(target, 'POST', '/v1/silences', {
        matchers: rest.map(parseMatcher),
        endsAt,
        comment: values.comment,
      });
      print(silence);
      return 0;
    }
    case 'list':
    case undefined: {
      const { silences } = await consoleRequest<{ silences: Silence[] }>(target, 'GET', `/v1/silences?state=${values.expired === true ? 'expired' : 'active'}`);
      for (const silence of silences) print(silence);
      return 0;
    }
    case 'expire': {
      const [id] = rest;
      if (id === undefined) throw usageError('vigia silence expire needs the silence id (vigia silence list shows them)');
      const { silence } = await consoleRequest<{ silence: Silence }>(target, 'DELETE', `/v1/silences/${encodeURIComponent(id)}`);
      print(silence);
      return 0;
    }
    default:
      throw usageError(`unknown silence subcommand ${JSON.stringify(sub)}; use add, list or expire`);
  }
}

/** `label=value`, `label!=value`, `label=~regex`, `label!~regex`, as amtool writes them. */
export function parseMatcher(text: string): { name: string; value: string; isRegex: boolean; isEqual: boolean } {
  const match = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*)$/.exec(text);
  if (match === null) throw usageError(`${JSON.stringify(text)} is not a matcher: write label=value, label!=value, label=~regex or label!~regex`);
  const [, name = '', operator = '', raw = ''] = match;
  const value = raw.replace(/^"(.*)"$/, '$1');
  return { name, value, isRegex: operator.endsWith('~'), isEqual: !operator.startsWith('!') };
}

function formatMatcher(matcher: Silence['matchers'][number]): string {
  const operator = matcher.isRegex ? (matcher.isEqual ? '=~' : '!~') : matcher.isEqual ? '=' : '!=';
  return `${matcher.name}${operator}${JSON.stringify(displayText(matcher.value))}`;
}

const unitsMs: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

function endOf(duration: string | undefined, until: string | undefined): string {
  if ((duration === undefined) === (until === undefined)) throw usageError('give one of --duration (e.g. 6h) or --until (an RFC 3339 time)');
  if (until !== undefined) {
    if (Number.isNaN(Date.parse(until))) throw usageError(`--until must be an RFC 3339 time, not ${JSON.stringify(until)}`);
    return new Date(until).toISOString();
  }
  const match = /^(\d+)([mhd])$/.exec(duration ?? '');
  if (match === null) throw usageError(`--duration must be a number with m, h or d (90m, 6h, 2d), not ${JSON.stringify(duration)}`);
  return new Date(Date.now() + Number(match[1]) * (unitsMs[match[2] ?? 'h'] ?? 0)).toISOString();
}
