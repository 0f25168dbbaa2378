/**
 * Topics of the embedded log: a directory per topic holding `topic.json`
 * (partitions, cleanup policy, retention) and one directory per partition.
 * A topic appears and disappears atomically: it is built in a staging
 * directory and renamed into place, and renamed away before it is removed,
 * so a crash never leaves half a topic behind (staging is emptied on open).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { CleanupPolicy, TopicSpec } from '../port.ts';
import { EmbeddedBusError, storageError } from './embedded-errors.ts';
import { fsyncDirectory, isNotFound, writeFileAtomic } from './file-io.ts';
import { PartitionLog } from './partition-log.ts';

/** What `topic.json` holds. */
export interface TopicMetadata {
  readonly version: 1;
  readonly name: string;
  readonly partitions: number;
  readonly cleanupPolicy: CleanupPolicy;
  /** Stored for parity with Kafka; the embedded log does not delete old records (see README). */
  readonly retentionMs?: number;
  readonly createdAtMs: number;
}

export interface Topic {
  readonly metadata: TopicMetadata;
  readonly logs: readonly PartitionLog[];
}

export interface TopicStoreOptions {
  readonly fsync: boolean;
  readonly indexIntervalRecords: number;
  readonly tailCacheBytesPerPartition: number;
  readonly logger: Logger;
}

const METADATA_FILE = 'topic.json';
/** Kafka's rule for topic names (they become directory names here too). */
const LEGAL_TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export function assertLegalTopicName(name: string): void {
  if (!LEGAL_TOPIC_NAME.test(name) || name === '.' || name === '..') {
    throw new EmbeddedBusError(
      'VIGIA_BUS_INVALID_ARGUMENT',
      `illegal topic name "${name}": use 1-249 characters of [a-zA-Z0-9._-], not "." or ".."`,
      { topic: name, operation: 'ensureTopics' },
    );
  }
}

export class TopicStore {
  readonly #topicsDir: string;
  readonly #stagingDir: string;
  readonly #options: TopicStoreOptions;
  readonly #topics = new Map<string, Topic>();

  private constructor(dataDir: string, options: TopicStoreOptions) {
    this.#topicsDir = join(dataDir, 'topics');
    this.#stagingDir = join(dataDir, 'staging');
    this.#options = options;
  }

  static async open(dataDir: string, options: TopicStoreOptions): Promise<TopicStore> {
    const store = new TopicStore(dataDir, options);
    try {
      await rm(store.#stagingDir, { recursive: true, force: true });
      await mkdir(store.#stagingDir, { recursive: true });
      await mkdir(store.#topicsDir, { recursive: true });
      for (const name of await readdir(store.#topicsDir)) {
        const metadata = JSON.parse(await readFile(join(store.#topicsDir, name, METADATA_FILE), 'utf8')) as TopicMetadata;
        store.#topics.set(metadata.name, { metadata, logs: await store.#openLogs(metadata) });
      }
    } catch (error) {
      await store.close();
      throw storageError(error, `could not open the topics in ${store.#topicsDir}`, { path: store.#topicsDir, operation: 'open' });
    }
    return store;
  }

  #openLogs(metadata: TopicMetadata): Promise<PartitionLog[]> {
    const directory = join(this.#topicsDir, metadata.name);
    return Promise.all(
      Array.from({ length: metadata.partitions }, (_, partition) =>
        PartitionLog.open({
          topic: metadata.name,
          partition,
          directory: join(directory, String(partition)),
          fsync: this.#options.fsync,
          indexIntervalRecords: this.#options.indexIntervalRecords,
          tailCacheBytes: this.#options.tailCacheBytesPerPartition,
          logger: this.#options.logger,
        }),
      ),
    );
  }

  get(name: string): Topic | undefined {
    return this.#topics.get(name);
  }

  names(): string[] {
    return [...this.#topics.keys()].sort();
  }

  /** Creates the topic unless it exists (never altering an existing one); true if it was created. */
  async create(spec: TopicSpec): Promise<boolean> {
    if (this.#topics.has(spec.name)) return false;
    const metadata: TopicMetadata = {
      version: 1,
      name: spec.name,
      partitions: spec.partitions,
      cleanupPolicy: spec.cleanupPolicy,
      ...(spec.retentionMs === undefined ? {} : { retentionMs: spec.retentionMs }),
      createdAtMs: Date.now(),
    };
    const staging = join(this.#stagingDir, randomUUID());
    const target = join(this.#topicsDir, spec.name);
    try {
      await mkdir(staging, { recursive: true });
      for (let partition = 0; partition < spec.partitions; partition++) await mkdir(join(staging, String(partition)));
      await writeFileAtomic(join(staging, METADATA_FILE), JSON.stringify(metadata, null, 2), this.#options.fsync);
      await rename(staging, target);
      if (this.#options.fsync) await fsyncDirectory(this.#topicsDir);
      this.#topics.set(spec.name, { metadata, logs: await this.#openLogs(metadata) });
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw storageError(error, `could not create topic "${spec.name}"`, { topic: spec.name, operation: 'ensureTopics' });
    }
    this.#options.logger.info({ topic: spec.name, partitions: spec.partitions, cleanupPolicy: spec.cleanupPolicy }, 'created topic');
    return true;
  }

  /** Removes the topic and its records; false if it did not exist. */
  async delete(name: string): Promise<boolean> {
    const topic = this.#topics.get(name);
    if (!topic) return false;
    this.#topics.delete(name);
    const doomed = join(this.#stagingDir, randomUUID());
    try {
      await Promise.all(topic.logs.map((log) => log.close()));
      await rename(join(this.#topicsDir, name), doomed);
      if (this.#options.fsync) await fsyncDirectory(this.#topicsDir);
      await rm(doomed, { recursive: true, force: true });
    } catch (error) {
      if (!isNotFound(error)) throw storageError(error, `could not delete topic "${name}"`, { topic: name, operation: 'deleteTopics' });
    }
    this.#options.logger.info({ topic: name }, 'deleted topic');
    return true;
  }

  /** Waits for pending writes and closes every partition file. */
  async close(): Promise<void> {
    const logs = [...this.#topics.values()].flatMap((topic) => topic.logs);
    this.#topics.clear();
    await Promise.allSettled(logs.map((log) => log.close()));
  }
}
