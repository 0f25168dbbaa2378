/**
 * Topics of the embedded log: rows of the `topics` table and one
 * `PartitionLog` per partition. Creating or deleting a topic is one
 * transaction of the log database, so a crash never leaves half a topic —
 * and deleting one removes its records and every group's offsets for it
 * together, as Kafka drops the offsets of a deleted topic.
 */
import type { Logger } from 'pino';
import type { CleanupPolicy, TopicSpec } from '../port.ts';
import { EmbeddedBusError } from './embedded-errors.ts';
import type { LogDatabase } from './log-database.ts';
import { PartitionLog } from './partition-log.ts';

export interface TopicMetadata {
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

interface TopicRow {
  name: string;
  partitions: number;
  cleanup_policy: CleanupPolicy;
  retention_ms: number | null;
  created_at_ms: number;
}

/** Kafka's rule for topic names. */
const LEGAL_TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export function assertLegalTopicName(name: string): void {
  if (!LEGAL_TOPIC_NAME.test(name) || name === '.' || name === '..') {
    throw new EmbeddedBusError('VIGIA_BUS_INVALID_ARGUMENT', `illegal topic name "${name}": use 1-249 characters of [a-zA-Z0-9._-], not "." or ".."`, {
      topic: name,
      operation: 'ensureTopics',
    });
  }
}

export class TopicStore {
  readonly #db: LogDatabase;
  readonly #logger: Logger;
  readonly #topics = new Map<string, Topic>();

  private constructor(db: LogDatabase, logger: Logger) {
    this.#db = db;
    this.#logger = logger;
  }

  static open(db: LogDatabase, logger: Logger): TopicStore {
    const store = new TopicStore(db, logger);
    const rows = db.read('open', {}, () => db.statement('SELECT * FROM topics').all()) as unknown as TopicRow[];
    for (const row of rows) {
      store.#add({
        name: row.name,
        partitions: row.partitions,
        cleanupPolicy: row.cleanup_policy,
        ...(row.retention_ms === null ? {} : { retentionMs: row.retention_ms }),
        createdAtMs: row.created_at_ms,
      });
    }
    return store;
  }

  #add(metadata: TopicMetadata): void {
    const logs = Array.from({ length: metadata.partitions }, (_, partition) => new PartitionLog(this.#db, metadata.name, partition));
    this.#topics.set(metadata.name, { metadata, logs });
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
      name: spec.name,
      partitions: spec.partitions,
      cleanupPolicy: spec.cleanupPolicy,
      ...(spec.retentionMs === undefined ? {} : { retentionMs: spec.retentionMs }),
      createdAtMs: Date.now(),
    };
    await this.#db.write((tx) => {
      tx.run(
        'INSERT INTO topics (name, partitions, cleanup_policy, retention_ms, created_at_ms) VALUES (?, ?, ?, ?, ?)',
        metadata.name,
        metadata.partitions,
        metadata.cleanupPolicy,
        metadata.retentionMs ?? null,
        metadata.createdAtMs,
      );
    });
    this.#add(metadata);
    this.#logger.info({ topic: spec.name, partitions: spec.partitions, cleanupPolicy: spec.cleanupPolicy }, 'created topic');
    return true;
  }

  /** Removes the topic, its records and every group's offsets for it; false if it did not exist. */
  async delete(name: string, forgetOffsets: () => void): Promise<boolean> {
    const topic = this.#topics.get(name);
    if (!topic) return false;
    this.#topics.delete(name);
    for (const log of topic.logs) log.close();
    await this.#db.write((tx) => {
      tx.run('DELETE FROM records WHERE topic = ?', name);
      tx.run('DELETE FROM group_offsets WHERE topic = ?', name);
      tx.run('DELETE FROM topics WHERE name = ?', name);
      tx.afterCommit(forgetOffsets);
    });
    this.#logger.info({ topic: name }, 'deleted topic');
    return true;
  }

  /** Forgets every partition's listeners. */
  close(): void {
    for (const topic of this.#topics.values()) for (const log of topic.logs) log.close();
    this.#topics.clear();
  }
}
