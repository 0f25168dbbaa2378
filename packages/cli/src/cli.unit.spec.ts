import { describe, expect, it } from 'vitest';
import { globalHelp, runCli } from './cli.ts';
import { ingestHelp, ingestOptionSpec, parseIngestArgs } from './ingest/ingest-args.ts';
import { memoryIo } from './testing/memory-io.ts';

async function run(argv: string[], env: Record<string, string> = {}) {
  const io = memoryIo(env);
  const status = await runCli(argv, io);
  return { status, stdout: io.stdout.text(), stderr: io.stderr.text() };
}

describe('vigia command line', () => {
  it('prints help for vigia --help and vigia ingest --help', async () => {
    expect(await run(['--help'])).toMatchObject({ status: 0, stdout: globalHelp });
    expect(await run(['ingest', '-h'])).toMatchObject({ status: 0, stdout: ingestHelp });
  });

  it('documents every flag of vigia ingest in its help', () => {
    for (const [name, spec] of Object.entries(ingestOptionSpec)) {
      expect(ingestHelp).toContain(`--${name}`);
      if ('short' in spec) expect(ingestHelp).toContain(`-${spec.short}, --${name}`);
    }
    expect(globalHelp).toContain('ingest <file>');
  });

  it.each([
    [['bogus'], 'unknown command "bogus"', 'vigia --help'],
    [['--verbose'], "Unknown option '--verbose'", 'vigia --help'],
    [[], 'a command is needed', 'vigia --help'],
    [['ingest', 'a.ndjson', '--direct', '--nope'], "Unknown option '--nope'", 'vigia ingest --help'],
    [['ingest', 'a.ndjson'], '--url <ingest API> or --direct', 'vigia ingest --help'],
    [['ingest', 'a.ndjson', '--direct', '--url', 'http://x'], 'exclude each other', 'vigia ingest --help'],
    [['ingest', 'a.ndjson', '--url', 'http://x'], 'needs an API key', 'vigia ingest --help'],
    [['ingest', 'a.xml', '--direct'], 'cannot tell the format', 'vigia ingest --help'],
    [['ingest', '-', '--direct'], 'needs --format', 'vigia ingest --help'],
    [['ingest', 'a.csv', '--direct', '--batch-records', '0'], '--batch-records must be a whole number from 1', 'vigia ingest --help'],
    [['ingest', 'a.csv', '--direct', '--format', 'xml'], 'unknown format "xml"', 'vigia ingest --help'],
    [['ingest', 'a.csv', '--direct', '--api-key', 'k'], '--api-key applies to --url only', 'vigia ingest --help'],
    [['ingest', 'a.csv', 'b.csv', '--direct'], 'takes one file', 'vigia ingest --help'],
  ])('refuses %j with exit status 2 and a pointer to help', async (argv, message, help) => {
    const { status, stderr, stdout } = await run(argv);
    expect(status).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain(help);
    expect(stdout).toBe('');
  });
});

describe('vigia ingest options', () => {
  it('applies defaults and reads the API key from VIGIA_API_KEY', () => {
    const parsed = parseIngestArgs(['reports.jsonl', '--url', 'http://ingest:8080/'], { VIGIA_API_KEY: ' k ' });
    expect(parsed).toMatchObject({
      help: false,
      options: {
        file: 'reports.jsonl',
        format: { kind: 'ndjson' },
        target: { kind: 'http', url: 'http://ingest:8080', apiKey: 'k', retries: 5 },
        batchRecords: 500,
        batchBytes: 1024 * 1024,
        maxRecordBytes: 256 * 1024,
        progress: 'auto',
        json: false,
      },
    });
  });

  it('leaves the CSV flavor to the header unless --format names it', () => {
    const detect = parseIngestArgs(['x.csv', '--direct'], {});
    const forced = parseIngestArgs(['x.csv', '--direct', '--format', 'acled-csv', '--namespace', 'replay-1'], {});
    expect(!detect.help && detect.options.format).toEqual({ kind: 'csv' });
    expect(!forced.help && forced.options).toMatchObject({ format: { kind: 'csv', flavor: 'acled-csv' }, target: { kind: 'direct', namespace: 'replay-1' } });
  });
});
