/**
 * Test support for the ingest HTTP API: an app on a given Bus in its own
 * topic namespace, requests through `inject`, and read-back of what landed
 * on the raw and DLQ topics. Call from inside a running test (cleanup is
 * registered with `onTestFinished`).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedBus, type Bus, type ConsumedRecord } from '@vigia/bus';
import { decodeTopicValue, type DlqRecord, type RawReport } from '@vigia/schemas';
import { MetricsRegistry } from '@vigia/service-kit';
import { pino, type Logger } from 'pino';
import { onTestFinished } from 'vitest';
import { createIngestApp, type IngestApp, type IngestHttpConfig } from '../http/ingest-app.ts';
import { hashApiKey, parseApiKeyEntry } from '../http/api-keys.ts';
import { defaultIngestLimits } from '../config.ts';

export const publisherKey = 'test-publisher-key-0123456789';
export const adminKey = 'test-admin-key-0123456789';

export const silentLogger: Logger = pino({ level: 'silent' });

/** A fresh embedded bus in a temporary directory, closed and removed after the test. */
export async function openEmbeddedBus(): Promise<Bus> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigia-ingest-'));
  const bus = await createEmbeddedBus({ dataDir, logger: silentLogger, fsync: 'never' });
  onTestFinished(async () => {
    await bus.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return bus;
}

export interface IngestTestApp {
  readonly app: IngestApp;
  readonly metrics: MetricsRegistry;
  readonly namespace: string;
  post(body: string | Uint8Array, contentType: string | undefined, options?: PostOptions): Promise<Answer>;
  get(path: string, key?: string): Promise<Answer>;
  /** Every record of the raw topic, decoded, with its key and headers. */
  rawRecords(): Promise<Decoded<RawReport>[]>;
  dlqRecords(): Promise<Decoded<DlqRecord>[]>;
}

export interface PostOptions {
  readonly key?: string | null;
  readonly query?: string;
  readonly headers?: Record<string, string>;
}

export interface Answer {
  readonly statusCode: number;
  readonly headers: Record<string, unknown>;
  readonly json: Record<string, unknown> & { results?: Record<string, unknown>[] };
}

export interface Decoded<T> {
  readonly key: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly value: T;
}

/** Starts an ingest app (not listening: requests go through `inject`) on `bus`, in a namespace of its own. */
export async function openIngestApp(bus: Bus, config: Partial<IngestHttpConfig> = {}): Promise<IngestTestApp> {
  const namespace = randomUUID();
  const metrics = new MetricsRegistry();
  const app = createIngestApp({
    bus,
    logger: silentLogger,
    metrics,
    config: {
      ...defaultIngestLimits,
      apiKeys: [parseApiKeyEntry(`dirandro:publisher:${hashApiKey(publisherKey)}`), parseApiKeyEntry(`ops:admin:${hashApiKey(adminKey)}`)],
      namespace,
      ...config,
    },
  });
  await app.core.ensureTopics();
  onTestFinished(async () => {
    await app.stop();
    await bus.admin.deleteTopics([app.core.rawTopic, app.core.dlqTopic]).catch(() => undefined);
  });
  const answer = (response: { statusCode: number; headers: Record<string, unknown>; body: string }): Answer => ({
    statusCode: response.statusCode,
    headers: response.headers,
    json: response.body === '' ? {} : (JSON.parse(response.body) as Answer['json']),
  });
  return {
    app,
    metrics,
    namespace,
    async post(body, contentType, options = {}) {
      const key = options.key === undefined ? publisherKey : options.key;
      const headers: Record<string, string> = { ...options.headers };
      if (contentType !== undefined) headers['content-type'] = contentType;
      if (key !== null) headers.authorization = `Bearer ${key}`;
      const response = await app.server.inject({
        method: 'POST',
        url: `/v1/reports${options.query === undefined ? '' : `?${options.query}`}`,
        headers,
        payload: typeof body === 'string' ? body : Buffer.from(body),
      });
      return answer(response);
    },
    async get(path, key) {
      const response = await app.server.inject({
        method: 'GET',
        url: path,
        headers: key === undefined ? {} : { 'x-api-key': key },
      });
      return answer(response);
    },
    rawRecords: async () => decodeAll(await readTopic(bus, app.core.rawTopic), 'vigia.events.raw.v1') as Decoded<RawReport>[],
    dlqRecords: async () => decodeAll(await readTopic(bus, app.core.dlqTopic), 'vigia.events.dlq.v1') as Decoded<DlqRecord>[],
  };
}

/** Every committed record of a topic, partition by partition. */
export async function readTopic(bus: Bus, topic: string): Promise<ConsumedRecord[]> {
  const records: ConsumedRecord[] = [];
  for (const { partition } of await withRetries(() => bus.admin.endOffsets(topic))) {
    for await (const batch of bus.readPartition(topic, partition)) records.push(...batch);
  }
  return records;
}

/**
 * Retries what the Bus says is retriable: right after a topic is created, a
 * Kafka broker may still answer "not the leader" for a partition nobody wrote to.
 */
async function withRetries<T>(operation: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= attempts || (error as { retriable?: unknown }).retriable !== true) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
}

function decodeAll(records: readonly ConsumedRecord[], topic: 'vigia.events.raw.v1' | 'vigia.events.dlq.v1'): Decoded<unknown>[] {
  return records.map((record) => {
    const decoded = decodeTopicValue(topic, record.value ?? new Uint8Array());
    if (!decoded.ok) throw new TypeError(`${topic} holds an off-contract record: ${decoded.message}`);
    return { key: record.key, headers: record.headers, value: decoded.value };
  });
}

/** The original bytes of a DLQ record's payload, as text. */
export function dlqPayloadText(record: DlqRecord): string {
  return Buffer.from(record.payload?.base64 ?? '', 'base64').toString('utf8');
}
