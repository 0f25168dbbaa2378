import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { SimulateError } from './simulate-errors.ts';
import { generateScenario, scenarioDefaults, scenarioNames, type ScenarioName } from './scenario.ts';
import { csvHeader, csvRow, ndjsonLine, outputFormats, type OutputFormat } from './serialize.ts';

export const simulateHelp = `Usage: vigia simulate [options]

Writes a seeded, deterministic scenario of field reports (incidents, seizures, coca
surveys) in the JSON shape publishers send to ingest, in arrival order: some reports
arrive weeks late, some twice, some revised, a few malformed. The same seed gives a
byte-identical stream; memory stays constant however many events are asked for.

Options:
  --scenario <name>   peru-public (default): public figures that must raise alerts over a
                      synthetic background; synthetic: the background alone
  --events <n>        synthetic events (default ${scenarioDefaults.events}); duplicates, revisions and
                      malformed records come on top
  --seed <n>          seed (default ${scenarioDefaults.seed})
  --from <date>       first event day of the background (default 2014-01-01)
  --to <date>         last event day of the background (default 2021-12-31)
  --format <format>   ndjson (default) or csv (our CSV columns)
  --out <file>        write to a file instead of standard output
  -h, --help          show this help

Example:
  vigia simulate --events 100000 --out reports.ndjson && vigia ingest reports.ndjson --direct
`;

export interface SimulateIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

const usage = (message: string) => new SimulateError('VIGIA_SIMULATE_USAGE', message);

/** Runs `vigia simulate`; returns the exit status (0 ok, 2 usage error). */
export async function runSimulateCommand(argv: readonly string[], io: SimulateIo): Promise<number> {
  let options: ReturnType<typeof parseSimulateArgs>;
  try {
    options = parseSimulateArgs(argv);
  } catch (error) {
    if (!(error instanceof SimulateError) && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS_') !== true) throw error;
    io.stderr.write(`vigia simulate: ${error instanceof Error ? error.message : String(error)}; see vigia simulate --help\n`);
    return 2;
  }
  if (options === 'help') {
    io.stdout.write(simulateHelp);
    return 0;
  }
  const records = generateScenario(options);
  const sink = options.out === undefined ? io.stdout : createWriteStream(options.out);
  const write = async (text: string) => {
    if (sink.write(text) === false && 'once' in sink) await once(sink as NodeJS.EventEmitter, 'drain');
  };
  let buffered = options.format === 'csv' ? csvHeader : '';
  let count = 0;
  for (const record of records) {
    buffered += options.format === 'csv' ? csvRow(record) : ndjsonLine(record);
    count++;
    // Write in chunks: one write per record would dominate the run time.
    if (buffered.length >= 65_536) {
      await write(buffered);
      buffered = '';
    }
  }
  await write(buffered);
  if ('end' in sink && typeof sink.end === 'function') {
    sink.end();
    await once(sink as NodeJS.EventEmitter, 'finish');
  }
  if (options.out !== undefined) io.stderr.write(`vigia simulate: wrote ${count} records to ${options.out}\n`);
  return 0;
}

function parseSimulateArgs(argv: readonly string[]) {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      scenario: { type: 'string' },
      events: { type: 'string' },
      seed: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return 'help' as const;
  const scenario = oneOf('--scenario', values.scenario ?? 'peru-public', scenarioNames);
  const format = oneOf('--format', values.format ?? 'ndjson', outputFormats);
  return {
    scenario: scenario as ScenarioName,
    format: format as OutputFormat,
    events: wholeNumber('--events', values.events, scenarioDefaults.events),
    seed: wholeNumber('--seed', values.seed, scenarioDefaults.seed),
    firstDay: day('--from', values.from, scenarioDefaults.firstDay),
    lastDay: day('--to', values.to, scenarioDefaults.lastDay),
    out: values.out,
  };
}

function oneOf(flag: string, value: string, allowed: readonly string[]): string {
  if (!allowed.includes(value)) throw usage(`${flag} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
  return value;
}

function wholeNumber(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw usage(`${flag} must be a whole number ≥ 0, not ${JSON.stringify(raw)}`);
  return value;
}

function day(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`))) {
    throw usage(`${flag} must be a date YYYY-MM-DD, not ${JSON.stringify(raw)}`);
  }
  return Math.floor(Date.parse(`${raw}T00:00:00Z`) / 86_400_000);
}
