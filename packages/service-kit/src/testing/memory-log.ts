import type { DestinationStream } from 'pino';

/** One parsed log line; `msg`, `level` and the bound fields are the usual ones. */
export type LogRecord = Readonly<Record<string, unknown>> & { readonly msg?: string; readonly level?: string };

/** A pino destination that keeps lines in memory, for tests that assert on logs. */
export interface MemoryLogDestination extends DestinationStream {
  /** Every line written so far, parsed. */
  records(): LogRecord[];
  /** The raw text written so far. */
  text(): string;
}

/**
 * An in-memory pino destination: `createLogger({ name, destination })` in a
 * test, then assert on `destination.records()` instead of on mocks.
 */
export function createMemoryLogDestination(): MemoryLogDestination {
  const chunks: string[] = [];
  return {
    write(chunk: string) {
      chunks.push(chunk);
    },
    text: () => chunks.join(''),
    records: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as LogRecord),
  };
}
