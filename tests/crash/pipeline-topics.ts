/**
 * What the crash driver and the pipeline it kills agree on: the scenario cut
 * into numbered chunks, and how a chunk is recognised on the topics.
 * Everything is read through the Bus port and the topics'
 * public contracts, never through a stage's internals.
 */
import type { Bus, ConsumedRecord } from '@vigia/bus';
import { createRecordReader, type IngestCore } from '@vigia/ingest';
import { topicName } from '@vigia/schemas';
import { ndjsonLine, scenarioRecords, type ScenarioName } from '@vigia/simulate';

export interface ChildOptions {
  readonly dataDir: string;
  readonly scenario: ScenarioName;
  readonly count: number;
  readonly seed: number;
  /** Reports per ingest submission; one `produce` call each, so a chunk is written whole or not at all. */
  readonly chunkRecords: number;
  /** Stop gracefully (and exit 0) once caught up; otherwise run until killed. */
  readonly stopWhenCaughtUp?: boolean;
}

/** When the driver kills: how many times, how long after a start at most, with which randomness. */
export interface KillSchedule<Victim> {
  readonly killPoints: number;
  /** Upper bound of the random time before a kill. */
  readonly maxKillDelayMs: number;
  /** Source of randomness in [0, 1); pass a seeded one to replay a run. */
  readonly random: () => number;
  /** Called after each kill with its number and what was killed. */
  readonly onKill?: (killPoint: number, victim: Victim) => void;
}

/** A report's identity across runs: the chunk it was sent in and its line there. */
export type LineId = `${string}#${number}`;

export const chunkFileName = (index: number) => `chunk-${String(index).padStart(5, '0')}.ndjson`;
const chunkIndexOf = (fileName: string) => Number(/^chunk-(\d+)\.ndjson$/.exec(fileName)?.[1] ?? Number.NaN);

/** The scenario as NDJSON lines, cut into chunks of `chunkRecords`. */
export function chunkLines(options: Pick<ChildOptions, 'scenario' | 'count' | 'seed' | 'chunkRecords'>): string[][] {
  const chunks: string[][] = [];
  for (const record of scenarioRecords({ scenario: options.scenario, count: options.count, seed: options.seed })) {
    const last = chunks.at(-1);
    if (last === undefined || last.length >= options.chunkRecords) chunks.push([`${ndjsonLine(record)}\n`]);
    else last.push(`${ndjsonLine(record)}\n`);
  }
  return chunks;
}

/** Submits chunk `index` through the ingest core as a publisher's NDJSON file; resolves once acknowledged. */
export async function submitChunk(core: IngestCore, index: number, lines: readonly string[]): Promise<void> {
  const reader = createRecordReader({ kind: 'ndjson' }, { maxRecordBytes: 262_144 });
  const items = [...reader.push(new TextEncoder().encode(lines.join(''))), ...reader.end()];
  const submission = { channel: 'cli', publisher: 'crash-driver', fileName: chunkFileName(index), batchId: crypto.randomUUID(), format: 'ndjson' } as const;
  await core.submit(submission, items);
}

/** Every record of every partition of `topic`, in partition then offset order. */
export async function readTopic(bus: Bus, topic: string): Promise<ConsumedRecord[]> {
  const records: ConsumedRecord[] = [];
  for (const { partition } of await bus.admin.endOffsets(topic)) {
    for await (const chunk of bus.readPartition(topic, partition)) records.push(...chunk);
  }
  return records;
}

export const jsonOf = (record: ConsumedRecord): Record<string, unknown> | undefined =>
  record.value === null ? undefined : (JSON.parse(new TextDecoder().decode(record.value)) as Record<string, unknown>);

/** The line a raw report came from (`vigia.events.raw.v1`: source.fileName, recordNumber). */
export function lineOfRaw(record: ConsumedRecord): LineId | undefined {
  const value = jsonOf(record) as { source?: { fileName?: string }; recordNumber?: number } | undefined;
  const fileName = value?.source?.fileName;
  return fileName === undefined || value?.recordNumber === undefined ? undefined : `${fileName}#${value.recordNumber}`;
}

export interface DlqValue {
  readonly stage: string;
  readonly reason: string;
  readonly source: { readonly topic: string; readonly partition: number; readonly offset: number } | null;
  readonly headers: ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

/** The line a report rejected AT INGEST came from (its provenance headers); undefined for later stages. */
export function lineOfIngestDlq(value: DlqValue): LineId | undefined {
  if (value.source !== null) return undefined;
  const header = (name: string) => value.headers.find((h) => h.key === name)?.value;
  const fileName = header('vigia-ingest-file-name');
  const recordNumber = header('vigia-ingest-record-number');
  return fileName === undefined || recordNumber === undefined ? undefined : `${fileName}#${Number(recordNumber)}`;
}

export function topicsOf(namespace?: string) {
  const options = namespace === undefined ? {} : { namespace };
  return {
    raw: topicName('vigia.events.raw.v1', options),
    events: topicName('vigia.events.v1', options),
    dlq: topicName('vigia.events.dlq.v1', options),
    indicators: topicName('vigia.indicators.v1', options),
    changelog: topicName('vigia.aggregator.changelog.v1', options),
    alerts: topicName('vigia.alerts.v1', options),
  };
}

/** Chunks already written by an earlier run: a line of theirs is on the raw topic or in the ingest DLQ. */
export async function ingestedChunks(bus: Bus, namespace?: string): Promise<Set<number>> {
  const topics = topicsOf(namespace);
  const done = new Set<number>();
  const note = (line: LineId | undefined) => line !== undefined && done.add(chunkIndexOf(line.slice(0, line.indexOf('#'))));
  for (const record of await readTopic(bus, topics.raw)) note(lineOfRaw(record));
  for (const record of await readTopic(bus, topics.dlq)) note(lineOfIngestDlq(jsonOf(record) as unknown as DlqValue));
  return done;
}
