import { parseArgs } from 'node:util';
import { defaultHttpPorts } from '@vigia/service-kit';
import { scenarioNames, type ScenarioName } from '@vigia/simulate';
import { usageError } from '../cli-errors.ts';
import { parseArgsStrict } from '../parse-args.ts';

export const upHelp = `Usage: vigia up [options]

Runs the whole pipeline in one process — ingest, normalizer, aggregator and alerter — loads
a scenario of field reports through the ingest core, and shows alerts in the terminal as
they fire. It ends with a summary once every stage has caught up (or keeps running with
--follow). The Bus is the embedded on-disk log unless KAFKA_BROKERS names a Kafka cluster.

Options:
  --scenario <name>       peru-public (default): public figures that must raise alerts —
                          coca 2019 → 2020, the 2014 Trujillo seizure, the 2021 San Miguel
                          del Ene killing — over a seeded random background, 2014–2021;
                          baseline: the random background alone (see vigia simulate --help);
                          none: no scenario data — every service starts empty, for your own
                          reports: vigia up --scenario none --follow, then POST them to the
                          ingest API it prints (JSON, NDJSON or CSV; see services/ingest)
  --count <n>             reports to send, exactly (default 3000; not with --scenario none)
  --seed <n>              seed of the scenario (default 1); same seed, same reports
  --data-dir <dir>        embedded log directory (default .vigia/up/<run id>, new per run)
  --namespace <ns>        topic namespace (default: up-<run id> on Kafka, none embedded)
  --rules <file>          alert rules YAML (default: the built-in rule set)
  --processes             run normalizer, aggregator and alerter as separate processes (their
                          own main.ts, as in production); needs KAFKA_BROKERS
  --follow                keep running after the scenario (Ctrl-C stops), with the ingest
                          API, the aggregator's query API and the console listening
  --port <n>              ingest API port with --follow (default 8080; 0 picks a free one)
  --query-port <n>        query API port with --follow (default 8081)
  --console-port <n>      console (API, live stream and web page) port with --follow (default 8082)
  --ops-port <n>          /healthz, /readyz and /metrics of the run (default 0: a free port,
                          printed at start)
  --all-transitions       also show pending alerts and updates (printed as UPDATED), not only
                          firing/resolved
  --no-color              plain text even on a terminal
  --log-level <level>     service logs on stderr (default warn)
  -h, --help              show this help

Exit status: 0 success, 1 failure, 2 usage error.
`;

/** `none` starts the pipeline with no scenario data, for users who bring their own reports. */
export type UpScenario = ScenarioName | 'none';
export const upScenarioNames: readonly UpScenario[] = [...scenarioNames, 'none'];

export interface UpOptions {
  readonly scenario: UpScenario;
  readonly count: number;
  readonly seed: number;
  readonly dataDir: string | undefined;
  readonly namespace: string | undefined;
  readonly rulesFile: string | undefined;
  readonly processes: boolean;
  readonly follow: boolean;
  readonly port: number;
  readonly queryPort: number;
  readonly consolePort: number;
  readonly opsPort: number;
  readonly allTransitions: boolean;
  readonly color: boolean | undefined;
  readonly logLevel: string;
}

export type ParsedUpArgs = { readonly help: true } | { readonly help: false; readonly options: UpOptions };

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function parseUpArgs(args: readonly string[]): ParsedUpArgs {
  const { values } = parseArgsStrict(
    () =>
      parseArgs({
        args: [...args],
        strict: true,
        allowPositionals: false,
        options: {
          scenario: { type: 'string' },
          count: { type: 'string' },
          seed: { type: 'string' },
          'data-dir': { type: 'string' },
          namespace: { type: 'string' },
          rules: { type: 'string' },
          processes: { type: 'boolean' },
          follow: { type: 'boolean' },
          port: { type: 'string' },
          'query-port': { type: 'string' },
          'console-port': { type: 'string' },
          'ops-port': { type: 'string' },
          'all-transitions': { type: 'boolean' },
          'no-color': { type: 'boolean' },
          'log-level': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      }),
    'up',
  );
  if (values.help === true) return { help: true };
  const scenario = values.scenario ?? 'peru-public';
  if (!(upScenarioNames as readonly string[]).includes(scenario)) {
    throw usageError(`--scenario must be one of ${upScenarioNames.join(', ')}, not ${JSON.stringify(scenario)}`);
  }
  if (scenario === 'none' && (values.count !== undefined || values.seed !== undefined)) {
    throw usageError('--count and --seed choose scenario reports; --scenario none sends none');
  }
  const logLevel = values['log-level'] ?? 'warn';
  if (!logLevels.includes(logLevel)) throw usageError(`--log-level must be one of ${logLevels.join(', ')}`);
  return {
    help: false,
    options: {
      scenario: scenario as UpScenario,
      count: integerFlag('--count', values.count, 3000, 1, 10_000_000),
      seed: integerFlag('--seed', values.seed, 1, 0, 2 ** 32 - 1),
      dataDir: values['data-dir'],
      namespace: values.namespace,
      rulesFile: values.rules,
      processes: values.processes === true,
      follow: values.follow === true,
      port: integerFlag('--port', values.port, defaultHttpPorts.ingest, 0, 65_535),
      queryPort: integerFlag('--query-port', values['query-port'], defaultHttpPorts.query, 0, 65_535),
      consolePort: integerFlag('--console-port', values['console-port'], defaultHttpPorts.console, 0, 65_535),
      opsPort: integerFlag('--ops-port', values['ops-port'], 0, 0, 65_535),
      allTransitions: values['all-transitions'] === true,
      color: values['no-color'] === true ? false : undefined,
      logLevel,
    },
  };
}

function integerFlag(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw usageError(`${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(raw)}`);
  }
  return value;
}
