import { parseArgs } from 'node:util';
import { usageError } from '../cli-errors.ts';
import type { CliIo } from '../cli-io.ts';
import { parseArgsStrict } from '../parse-args.ts';
import { consoleRequest, consoleTargetHelp, consoleTargetOf, consoleTargetOptions, queryOf, stringOptions } from './console-client.ts';

export const indicatorsHelp = `Usage: vigia indicators show [--region <code>] [--metric <id>] [--window <w>] [--source <s>] [--series]

Current indicator values through the console (which reads the aggregator's query API);
with --series, the series of one region and metric (--region and --metric required;
--from and --to dates optional).

  --json                  print the console's JSON answer

${consoleTargetHelp}
`;

const passed = ['region', 'metric', 'window', 'source', 'from', 'to'] as const;

export async function runIndicators(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgsStrict(
    () =>
      parseArgs({
        args: [...args],
        allowPositionals: true,
        strict: true,
        options: { ...stringOptions(passed), ...consoleTargetOptions, series: { type: 'boolean' }, json: { type: 'boolean' } },
      }),
    'indicators',
  );
  if (values.help === true) {
    io.stdout.write(indicatorsHelp);
    return 0;
  }
  if ((positionals[0] ?? 'show') !== 'show' || positionals.length > 1) throw usageError('the indicators subcommand is show');
  const target = consoleTargetOf(values, io.env);
  const query = queryOf(values, passed);
  if (values.series === true) {
    if (!query.has('region') || !query.has('metric')) throw usageError('--series needs --region and --metric');
    const answer = await consoleRequest<{ points: { day: string; value: number; eventCount: number }[] }>(target, 'GET', `/v1/series?${query}`);
    if (values.json === true) io.stdout.write(`${JSON.stringify(answer)}\n`);
    else for (const point of answer.points) io.stdout.write(`${point.day}  ${String(point.value).padStart(12)}  (${point.eventCount} events)\n`);
    return 0;
  }
  const answer = await consoleRequest<{
    indicators: { region: string; metric: string; window: string; asOf: string; value: number; previousValue: number | null }[];
  }>(target, 'GET', `/v1/indicators?${query}`);
  if (values.json === true) io.stdout.write(`${JSON.stringify(answer)}\n`);
  else {
    for (const indicator of answer.indicators) {
      const before = indicator.previousValue === null ? '' : `  (before ${indicator.previousValue})`;
      io.stdout.write(
        `${indicator.region.padEnd(12)} ${indicator.metric.padEnd(40)} ${indicator.window.padEnd(7)} ${indicator.asOf}  ${String(indicator.value).padStart(12)}${before}\n`,
      );
    }
  }
  return 0;
}
