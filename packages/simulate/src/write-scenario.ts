import { once } from 'node:events';
import { csvHeaderLine, csvRow, ndjsonLine, type OutputFormat } from './render.ts';
import type { ScenarioOptions } from './options.ts';
import { scenarioRecords } from './scenario.ts';
import { Expected, type ScenarioRecord } from './scenario-record.ts';

/** Where the text goes: a file stream, stdout, or anything with `write`. Backpressure is honoured when it has `once`. */
export interface TextSink {
  write(text: string): unknown;
  once?(event: 'drain', listener: () => void): unknown;
}

/** What a run wrote, by kind of record. */
export interface ScenarioSummary {
  records: number;
  incidents: number;
  seizures: number;
  surveys: number;
  late: number;
  duplicates: number;
  revisions: number;
  malformed: number;
  known: number;
}

// Lines are gathered into chunks of about this size: one write per line costs more than generating it.
const chunkChars = 64 * 1024;

/** Renders a scenario to `sink` in `format`, line by line in constant memory, and counts what it wrote. */
export async function writeScenario(options: ScenarioOptions, format: OutputFormat, sink: TextSink): Promise<ScenarioSummary> {
  const summary: ScenarioSummary = { records: 0, incidents: 0, seizures: 0, surveys: 0, late: 0, duplicates: 0, revisions: 0, malformed: 0, known: 0 };
  const render = format === 'csv' ? csvRow : ndjsonLine;
  let chunk = format === 'csv' ? `${csvHeaderLine()}\n` : '';
  const flush = async () => {
    if (chunk === '') return;
    const accepted = sink.write(chunk);
    chunk = '';
    if (accepted === false && sink.once !== undefined) await once(sink as unknown as NodeJS.EventEmitter, 'drain');
  };
  for (const record of scenarioRecords(options)) {
    count(summary, record);
    chunk += `${render(record)}\n`;
    if (chunk.length >= chunkChars) await flush();
  }
  await flush();
  return summary;
}

function count(summary: ScenarioSummary, record: ScenarioRecord): void {
  summary.records += 1;
  if (record.kind === 'incident') summary.incidents += 1;
  else if (record.kind === 'seizure') summary.seizures += 1;
  else summary.surveys += 1;
  if (record.late) summary.late += 1;
  if (record.expected === Expected.duplicate) summary.duplicates += 1;
  if (record.expected === Expected.revised) summary.revisions += 1;
  if (record.expected === Expected.rejected) summary.malformed += 1;
  if (record.known !== undefined) summary.known += 1;
}
