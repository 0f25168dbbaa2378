import type { Bus, OutgoingRecord } from '@vigia/bus';

export interface ProduceLimits {
  /** Most value bytes in one `produce` call. Default 512 KiB. */
  readonly maxChunkBytes: number;
  /** Most records in one `produce` call. Default 500. */
  readonly maxChunkRecords: number;
}

export const defaultProduceLimits: ProduceLimits = { maxChunkBytes: 512 * 1024, maxChunkRecords: 500 };

/**
 * Appends records in chunks, one after the other, and resolves when the Bus
 * acknowledged all of them. Why chunks: a Kafka producer sends the records of
 * one call for one partition as one record batch, and the broker refuses a
 * batch over `message.max.bytes` (1 MB by default) whole — so one large HTTP
 * request must not become one large batch.
 */
export async function produceInChunks(bus: Bus, records: readonly OutgoingRecord[], limits: Partial<ProduceLimits> = {}): Promise<void> {
  const { maxChunkBytes, maxChunkRecords } = { ...defaultProduceLimits, ...limits };
  for (const chunk of chunksOf(records, maxChunkBytes, maxChunkRecords)) await bus.produce(chunk);
}

/** Splits records into runs of at most `maxRecords` records and `maxBytes` value bytes (a larger record alone). */
export function chunksOf(records: readonly OutgoingRecord[], maxBytes: number, maxRecords: number): OutgoingRecord[][] {
  const chunks: OutgoingRecord[][] = [];
  let current: OutgoingRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = (record.value?.byteLength ?? 0) + (record.key?.length ?? 0);
    if (current.length > 0 && (current.length >= maxRecords || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
