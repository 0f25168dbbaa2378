import { describe, expect, it } from 'vitest';
import { globalHelp, runCli } from '../cli.ts';
import { memoryIo } from '../testing/memory-io.ts';
import { parseReplayArgs, replayHelp, replayOptionSpec } from './replay-args.ts';

describe('vigia replay arguments', () => {
  it('documents every flag in its help, and the command in the global help', () => {
    for (const [name, spec] of Object.entries(replayOptionSpec)) {
      expect(replayHelp).toContain(`--${name}`);
      if ('short' in spec) expect(replayHelp).toContain(`-${spec.short}, --${name}`);
    }
    expect(globalHelp).toContain('replay ');
  });

  it('applies the defaults: the embedded log without KAFKA_BROKERS, Kafka with it, the built-in rules, a folder named by the range', () => {
    const parsed = parseReplayArgs(['--from', '2020-01-01', '--to', '2020-12-31'], {});
    expect(parsed).toMatchObject({
      help: false,
      options: { sources: [{ kind: 'embedded' }], rulesFiles: [], out: 'replay-2020-01-01-2020-12-31', receivedAt: '2021-01-01T00:00:00Z' },
    });
    expect(parseReplayArgs(['--from', '2020-01-01', '--to', '2020-12-31'], { KAFKA_BROKERS: 'k:9092' })).toMatchObject({
      options: { sources: [{ kind: 'kafka' }] },
    });
    const lists = parseReplayArgs(
      ['--from', '2020-01-01', '--to', '2020-12-31', '--regions', 'PE,12', '--regions', 'zone:vraem', '--metrics', 'incidents.count'],
      {},
    );
    expect(lists).toMatchObject({ options: { regions: ['PE', '12', 'zone:vraem'], metrics: ['incidents.count'] } });
  });

  it.each([
    [['--to', '2020-12-31'], '--from is required'],
    [['--from', '2020-13-01', '--to', '2020-12-31'], '--from must be a day'],
    [['--from', '2021-01-01', '--to', '2020-12-31'], 'is after --to'],
    [['--from', '2020-01-01', '--to', '2020-12-31', '--source', 'kafka'], '--source kafka needs KAFKA_BROKERS'],
    [['--from', '2020-01-01', '--to', '2020-12-31', '--source', 'embedded', '--source', 'a.ndjson'], 'cannot be mixed'],
    [['--from', '2020-01-01', '--to', '2020-12-31', '--source', 'a.txt'], 'cannot tell the format'],
    [['--from', '2020-01-01', '--to', '2020-12-31', '--source', 'a.ndjson', '--format', 'xml'], '--format must be'],
    [['--from', '2020-01-01', '--to', '2020-12-31', '--warmup-days', 'a week'], '--warmup-days must be a whole number'],
    [['--from', '2020-01-01', '--to', '2020-12-31', '--namespace', 'run-1', '--write-namespace', 'run-1'], 'never writes into the topics it reads'],
    [['--from', '2020-01-01', '--to', '2020-12-31', '--write-namespace', 'Backtest!'], '--write-namespace must be'],
  ])('refuses %j with a usage error (exit 2)', async (args, message) => {
    const io = memoryIo({});
    expect(await runCli(['replay', ...args], io)).toBe(2);
    expect(io.stderr.text()).toContain(message);
    expect(io.stderr.text()).toContain('vigia replay --help');
  });
});
