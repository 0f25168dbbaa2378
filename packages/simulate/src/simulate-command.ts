import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { isVigiaError } from '@vigia/schemas';
import type { ScenarioName, ScenarioOptions } from './options.ts';
import { outputFormats, type OutputFormat } from './render.ts';
import { SimulateError } from './simulate-errors.ts';
import { writeScenario, type ScenarioSummary, type TextSink } from './write-scenario.ts';

/** What `runSimulateCommand` may touch of the process (the same shape as the CLI's `CliIo`). */
export interface SimulateIo {
  readonly stdout: TextSink;
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const simulateHelp = `Usage: vigia simulate [options]

Writes a seeded, deterministic stream of field reports (incidents, seizures,
coca surveys) across Peru's hotspots, exactly as publishers send them to
ingest: the same seed gives the same bytes.

Options:
  --scenario <name>        baseline (default) or peru-public (adds the public
                           events: 7.6 t in coal at Huanchaco 2014, VRAEM 2016,
                           national coca 2019 → 2020, Vizcatán del Ene 2021)
  --seed <text>            seed of the stream (default 1)
  --count <n>              records to write, exactly (default 1000)
  --format <f>             ndjson (default) or csv
  --out <file>             write to a file instead of stdout
  --from <YYYY-MM-DD>      first day of the timeline (default 2022-01-01; peru-public 2014-01-01)
  --to <YYYY-MM-DD>        last day (default 2024-12-31; peru-public 2021-12-31)
  --late-share <0..1>      events reported 4 to 60 days late (default 0.12)
  --duplicate-share <0..1> events re-sent byte for byte (default 0.03)
  --revision-share <0..1>  events revised later (default 0.04)
  --malformed-share <0..1> records deliberately broken (default 0.01)
  --reorder-capacity <n>   records held back to order them by arrival (default 4096)
  -h, --help               show this help

A summary goes to stderr. Exit status: 0 done, 1 output failed, 2 usage.

Examples:
  vigia simulate --count 10000 --out reports.ndjson
  vigia simulate --scenario peru-public --format csv --out peru.csv
`;

const flagOptions = {
  scenario: { type: 'string' },
  seed: { type: 'string' },
  count: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'late-share': { type: 'string' },
  'duplicate-share': { type: 'string' },
  'revision-share': { type: 'string' },
  'malformed-share': { type: 'string' },
  'reorder-capacity': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function usage(option: string, message: string): SimulateError {
  return new SimulateError('VIGIA_SIMULATE_OPTIONS_INVALID', message, { context: { option } });
}

function numberFlag(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw usage(name, `--${name} must be a number, got ${JSON.stringify(text)}`);
  return value;
}

function optionsOf(values: Record<string, string | boolean | undefined>): { options: ScenarioOptions; format: OutputFormat; out: string | undefined } {
  const str = (name: string) => values[name] as string | undefined;
  const format = (str('format') ?? 'ndjson') as OutputFormat;
  if (!outputFormats.includes(format)) throw usage('format', `--format must be ndjson or csv, got ${JSON.stringify(format)}`);
  const entries: [keyof ScenarioOptions, unknown][] = [
    ['scenario', str('scenario') as ScenarioName | undefined],
    ['seed', str('seed')],
    ['count', numberFlag('count', str('count'))],
    ['from', str('from')],
    ['to', str('to')],
    ['lateShare', numberFlag('late-share', str('late-share'))],
    ['duplicateShare', numberFlag('duplicate-share', str('duplicate-share'))],
    ['revisionShare', numberFlag('revision-share', str('revision-share'))],
    ['malformedShare', numberFlag('malformed-share', str('malformed-share'))],
    ['reorderCapacity', numberFlag('reorder-capacity', str('reorder-capacity'))],
  ];
  const options = Object.fromEntries(entries.filter(([, value]) => value !== undefined)) as ScenarioOptions;
  return { options, format, out: str('out') };
}

function describeSummary(summary: ScenarioSummary, target: string): string {
  return (
    `vigia simulate: wrote ${summary.records} records to ${target}: ${summary.incidents} incidents, ${summary.seizures} seizures, ` +
    `${summary.surveys} surveys; ${summary.late} late, ${summary.duplicates} duplicates, ${summary.revisions} revisions, ` +
    `${summary.malformed} malformed${summary.known > 0 ? `, ${summary.known} records of public events` : ''}\n`
  );
}

/**
 * `vigia simulate`: parses `argv` (the arguments after the subcommand), writes
 * the scenario to `--out` or `io.stdout`, and returns the exit status.
 */
export async function runSimulateCommand(argv: string[], io: SimulateIo): Promise<number> {
  let parsed: { options: ScenarioOptions; format: OutputFormat; out: string | undefined };
  try {
    const { values } = parseArgs({ args: argv, options: flagOptions, strict: true, allowPositionals: false });
    if (values.help === true) {
      io.stdout.write(simulateHelp);
      return 0;
    }
    parsed = optionsOf(values);
  } catch (error) {
    io.stderr.write(`vigia simulate: ${(error as Error).message}\nRun 'vigia simulate --help' for the options.\n`);
    return 2;
  }
  try {
    if (parsed.out === undefined) {
      const summary = await writeScenario(parsed.options, parsed.format, io.stdout);
      io.stderr.write(describeSummary(summary, 'stdout'));
      return 0;
    }
    const file = createWriteStream(parsed.out);
    const opened = new Promise<void>((resolve, reject) => {
      file.once('open', () => resolve());
      file.once('error', reject);
    });
    await opened.catch((cause: unknown) => {
      throw new SimulateError('VIGIA_SIMULATE_OUTPUT_FAILED', `cannot write ${parsed.out}: ${(cause as Error).message}`, {
        cause,
        context: { file: parsed.out },
      });
    });
    const summary = await writeScenario(parsed.options, parsed.format, file);
    file.end();
    await finished(file);
    io.stderr.write(describeSummary(summary, parsed.out));
    return 0;
  } catch (error) {
    io.stderr.write(`vigia simulate: ${(error as Error).message}\n`);
    return isVigiaError(error, 'VIGIA_SIMULATE_OPTIONS_INVALID') ? 2 : 1;
  }
}
