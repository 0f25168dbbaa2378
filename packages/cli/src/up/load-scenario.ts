import { randomUUID } from 'node:crypto';
import { createIngestCore, createRecordReader, type IngestCore } from '@vigia/ingest';
import { ndjsonLine, scenarioRecords, type ScenarioName } from '@vigia/simulate';
import type { Bus } from '@vigia/bus';
import type { Logger } from 'pino';

export interface LoadScenarioOptions {
  readonly bus: Bus;
  readonly logger: Logger;
  readonly namespace: string | undefined;
  readonly scenario: ScenarioName;
  /** Records to send, exactly (re-sends, revisions and malformed ones included). */
  readonly count: number;
  readonly seed: number;
  /** Reports per ingest submission. */
  readonly batchRecords?: number;
  onProgress?(submitted: number, accepted: number, rejected: number): void;
}

export interface LoadedScenario {
  readonly submitted: number;
  readonly accepted: number;
  readonly rejected: number;
}

/**
 * Sends the scenario through the same path a publisher's NDJSON file takes —
 * the NDJSON reader, then the ingest core, which appends raw reports and DLQ
 * records and resolves once the Bus acknowledged them.
 */
export async function loadScenario(options: LoadScenarioOptions): Promise<LoadedScenario> {
  const core: IngestCore = createIngestCore({
    bus: options.bus,
    logger: options.logger,
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
  });
  await core.ensureTopics();
  const submission = { channel: 'cli', publisher: 'vigia up', fileName: `${options.scenario}.ndjson`, batchId: randomUUID(), format: 'ndjson' } as const;
  const batchRecords = options.batchRecords ?? 500;
  const encoder = new TextEncoder();
  const totals = { submitted: 0, accepted: 0, rejected: 0 };
  let lines: string[] = [];

  const flush = async () => {
    if (lines.length === 0) return;
    const reader = createRecordReader({ kind: 'ndjson' }, { maxRecordBytes: 262_144 });
    const items = [...reader.push(encoder.encode(lines.join(''))), ...reader.end()];
    lines = [];
    const outcome = await core.submit(submission, items);
    totals.submitted += items.length;
    totals.accepted += outcome.accepted;
    totals.rejected += outcome.rejected;
    options.onProgress?.(totals.submitted, totals.accepted, totals.rejected);
  };

  for (const record of scenarioRecords({ scenario: options.scenario, count: options.count, seed: options.seed })) {
    lines.push(`${ndjsonLine(record)}\n`);
    if (lines.length >= batchRecords) await flush();
  }
  await flush();
  return totals;
}
