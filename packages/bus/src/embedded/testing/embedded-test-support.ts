/**
 * Test support for the embedded adapter's own specs: temporary data
 * directories that are removed when the test finishes, and a pino logger whose
 * JSON lines the test can assert on.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { onTestFinished } from 'vitest';
import type { Bus } from '../../port.ts';
import { createEmbeddedBus } from '../embedded-bus.ts';
import type { EmbeddedBusOptions } from '../embedded-options.ts';

export interface LogSink {
  readonly logger: Logger;
  /** Parsed log lines so far. */
  readonly lines: Array<Record<string, unknown>>;
}

export function logSink(level: pino.Level = 'debug'): LogSink {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

/** A fresh data directory, removed (after the buses opened on it are closed) when the test finishes. */
export async function temporaryDataDir(): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigia-embedded-'));
  onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
  return dataDir;
}

/** Opens buses on one data directory; each is closed when the test finishes (before the directory goes). */
export function busOpener(dataDir: string, options: Partial<EmbeddedBusOptions> = {}) {
  const sink = options.logger ? undefined : logSink('warn');
  return async (): Promise<Bus> => {
    const bus = await createEmbeddedBus({ dataDir, logger: sink?.logger ?? options.logger!, fsync: 'commit', ...options });
    onTestFinished(() => bus.close());
    return bus;
  };
}
