import { parseArgs } from 'node:util';
import { CliError, usageError } from './cli-errors.ts';
import type { CliIo } from './cli-io.ts';
import { ingestHelp, parseIngestArgs } from './ingest/ingest-args.ts';
import { runIngest, type IngestRunDeps } from './ingest/run-ingest.ts';
import { parseArgsStrict } from './parse-args.ts';
import { runSimulateCommand, simulateHelp } from '@vigia/simulate';
import { ackHelp, runAck, runSilence, silenceHelp } from './console/action-commands.ts';
import { alertsHelp, runAlerts } from './console/alerts-command.ts';
import { indicatorsHelp, runIndicators } from './console/indicators-command.ts';
import { parseUpArgs, upHelp } from './up/up-args.ts';
import { runUp, type UpRunDeps } from './up/run-up.ts';
import { parseReplayArgs, replayHelp } from './replay/replay-args.ts';
import { runReplay, type ReplayRunDeps } from './replay/run-replay.ts';
import { rulesHelp, runRulesCommand, type RulesRunDeps } from './rules/rules-command.ts';

export const globalHelp = `Usage: vigia <command> [options]

Vigía, an early-warning pipeline for security indicators in Peru.

Commands:
  up               run the whole pipeline in one process with a scenario, showing alerts
                   as they fire (the embedded log, or Kafka when KAFKA_BROKERS is set)
  simulate         write a seeded scenario of field reports (NDJSON or CSV)
  ingest <file>    send a file of field reports (NDJSON, CSV, ACLED CSV, JSON) to the
                   ingest API (--url) or straight to the Bus (--direct)
  alerts           list, tail (live) or show alerts, from the console's API
  ack <fp>         acknowledge an alert, with a note
  silence          add, list or expire silences (Alertmanager's matchers)
  indicators show  current indicator values and series, through the console
  replay           replay a time range through the same cores with other rules, in this
                   process: alerts that would have fired, indicator series, rule-set diffs
  rules test <f>   run rule unit tests: input series and the alerts they must raise
                   (like promtool test rules), with a diff of the alerts on failure

Options:
  -h, --help       show this help; \`vigia <command> --help\` shows a command's help

Exit status: 0 success, 1 failure, 2 usage error (commands may add their own).
`;

/** A subcommand: its help text and how to run it. */
interface Command {
  readonly help: string;
  run(args: readonly string[], io: CliIo, deps: CliDeps): Promise<number>;
}

/** Replaceable parts of commands, for tests. */
export interface CliDeps {
  readonly ingest?: IngestRunDeps;
  readonly up?: UpRunDeps;
  readonly replay?: ReplayRunDeps;
  readonly rules?: RulesRunDeps;
}

const commands: Readonly<Record<string, Command>> = {
  alerts: { help: alertsHelp, run: (args, io) => runAlerts(args, io) },
  ack: { help: ackHelp, run: (args, io) => runAck(args, io) },
  silence: { help: silenceHelp, run: (args, io) => runSilence(args, io) },
  indicators: { help: indicatorsHelp, run: (args, io) => runIndicators(args, io) },
  up: {
    help: upHelp,
    async run(args, io, deps) {
      const parsed = parseUpArgs(args);
      if (parsed.help) {
        io.stdout.write(upHelp);
        return 0;
      }
      return runUp(parsed.options, io, deps.up);
    },
  },
  replay: {
    help: replayHelp,
    async run(args, io, deps) {
      const parsed = parseReplayArgs(args, io.env);
      if (parsed.help) {
        io.stdout.write(replayHelp);
        return 0;
      }
      return runReplay(parsed.options, io, deps.replay);
    },
  },
  rules: { help: rulesHelp, run: (args, io, deps) => runRulesCommand(args, io, deps.rules) },
  simulate: {
    help: simulateHelp,
    run: (args, io) => runSimulateCommand([...args], io),
  },
  ingest: {
    help: ingestHelp,
    async run(args, io, deps) {
      const parsed = parseIngestArgs(args, io.env);
      if (parsed.help) {
        io.stdout.write(ingestHelp);
        return 0;
      }
      return runIngest(parsed.options, io, deps.ingest);
    },
  },
};

/**
 * Runs the `vigia` command line and returns the exit status. Usage errors
 * print what is wrong and where to find help, and return 2.
 */
export async function runCli(argv: readonly string[], io: CliIo, deps: CliDeps = {}): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined || first.startsWith('-')) {
      const { values } = parseArgsStrict(() => parseArgs({ args: [...argv], options: { help: { type: 'boolean', short: 'h' } }, strict: true }), '');
      if (values.help !== true) throw usageError('a command is needed');
      io.stdout.write(globalHelp);
      return 0;
    }
    const command = Object.hasOwn(commands, first) ? commands[first] : undefined;
    if (command === undefined) throw usageError(`unknown command ${JSON.stringify(first)}; the commands are ${Object.keys(commands).join(', ')}`);
    try {
      return await command.run(rest, io, deps);
    } catch (error) {
      if (error instanceof CliError && error.exitCode === 2) return usage(io, error, `vigia ${first} --help`);
      throw error;
    }
  } catch (error) {
    if (error instanceof CliError) return error.exitCode === 2 ? usage(io, error, 'vigia --help') : fail(io, error.message, error.exitCode);
    return fail(io, `unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, 1);
  }
}

function usage(io: CliIo, error: CliError, help: string): number {
  io.stderr.write(`vigia: ${error.message}${error.message.includes('--help') ? '' : `; see ${help}`}\n`);
  return 2;
}

function fail(io: CliIo, message: string, exitCode: number): number {
  io.stderr.write(`vigia: ${message}\n`);
  return exitCode;
}
