import type { RecordReader, SubmittedItem } from '@vigia/ingest';
import type { InputSource } from './input-source.ts';

export interface BatchLimits {
  readonly batchRecords: number;
  readonly batchBytes: number;
}

/**
 * Reads the input through a record reader and yields batches of at most
 * `batchRecords` records and `batchBytes` bytes (a single larger record
 * goes alone). The next chunk is read
 * only when the consumer asks for the next batch (after the previous one was
 * delivered), so memory holds one chunk and one batch, whatever the file size.
 * A body-level error of the reader (a broken JSON structure, a bad CSV header)
 * is thrown after the batches read before it.
 */
export async function* readBatches(input: InputSource, reader: RecordReader, limits: BatchLimits): AsyncGenerator<SubmittedItem[]> {
  let batch: SubmittedItem[] = [];
  let bytes = 0;
  function* add(items: readonly SubmittedItem[]): Generator<SubmittedItem[]> {
    for (const item of items) {
      // A record that would overflow the byte budget starts the next batch (a larger one goes alone).
      if (batch.length > 0 && bytes + item.bytes.byteLength > limits.batchBytes) {
        yield batch;
        batch = [];
        bytes = 0;
      }
      batch.push(item);
      bytes += item.bytes.byteLength;
      if (batch.length >= limits.batchRecords) {
        yield batch;
        batch = [];
        bytes = 0;
      }
    }
  }
  try {
    for await (const chunk of input.chunks()) yield* add(reader.push(chunk));
    yield* add(reader.end());
  } catch (error) {
    // What was read before the failure is still delivered; then the run stops.
    if (batch.length > 0) yield batch;
    throw error;
  }
  if (batch.length > 0) yield batch;
}
