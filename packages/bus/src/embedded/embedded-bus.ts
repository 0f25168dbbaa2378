/**
 * The embedded Bus: Kafka's semantics (ordered partitions, offsets, consumer
 * groups, replay by offset or time) over an on-disk log in one process. See
 * the "Embedded adapter" section of the package README for the layout on
 * disk, the fsync policy and what it does not do.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Bus, BusAdmin, ConsumedRecord, OutgoingRecord, ReadPartitionOptions, RecordPosition, SubscribeOptions, Subscription } from '../port.ts';
import { ConsumerGroup, type GroupLog, type Ownership } from './consumer-group.ts';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import { createEmbeddedAdmin } from './embedded-admin.ts';
import { closedError, EmbeddedBusError, storageError, unknownTopicError } from './embedded-errors.ts';
import { type CompiledEmbeddedBusOptions, compileEmbeddedBusOptions, type EmbeddedBusOptions } from './embedded-options.ts';
import { isNotFound, writeFileAtomic } from './file-io.ts';
import { GroupMember } from './group-member.ts';
import { GroupOffsetStore } from './group-offset-store.ts';
import { LogDatabase, type WriteContext } from './log-database.ts';
import { type PreparedAppend, prepareAppends } from './prepare-appends.ts';
import { readPartitionRange } from './read-partition.ts';
import { TopicStore } from './topic-store.ts';

const FORMAT_FILE = 'vigia-log.json';
/** Version 1 was segment files of framed records; version 2 is one SQLite database. */
const FORMAT = { format: 'vigia-embedded-log', version: 2 } as const;
const LOG_FILE = 'log.sqlite';

type BusState = 'open' | 'closing' | 'closed';

/**
 * Opens (creating if needed) the embedded log in `options.dataDir`, recovering
 * any torn tail left by a crash, and locks the directory against other processes.
 */
export async function createEmbeddedBus(options: EmbeddedBusOptions): Promise<Bus> {
  const compiled = compileEmbeddedBusOptions(options);
  const { dataDir } = compiled;
  const logger = compiled.logger.child({ component: 'embedded-bus' });
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (error) {
    throw storageError(error, `could not create the data directory ${dataDir}`, { path: dataDir, operation: 'open' });
  }
  const lock = await acquireDataDirLock(dataDir);
  let db: LogDatabase | undefined;
  try {
    const fsync = compiled.fsync === 'commit';
    await checkFormat(dataDir, fsync);
    db = LogDatabase.open(join(dataDir, LOG_FILE), fsync, logger);
    const topics = TopicStore.open(db, logger);
    const groupOffsets = GroupOffsetStore.open(db);
    logger.info({ dataDir, topics: topics.names().length, fsync: compiled.fsync }, 'embedded log opened');
    return new EmbeddedBus(compiled, logger, lock, db, topics, groupOffsets);
  } catch (error) {
    await db?.close();
    await lock.release();
    throw error;
  }
}

async function checkFormat(dataDir: string, fsync: boolean): Promise<void> {
  const path = join(dataDir, FORMAT_FILE);
  let found: unknown;
  try {
    found = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    if (!isNotFound(error)) throw storageError(error, `could not read ${path}`, { path, operation: 'open' });
    await writeFileAtomic(path, `${JSON.stringify(FORMAT)}\n`, fsync);
    return;
  }
  const { format, version } = (found ?? {}) as { format?: unknown; version?: unknown };
  if (format !== FORMAT.format || version !== FORMAT.version) {
    throw new EmbeddedBusError(
      'VIGIA_BUS_DATA_DIR_INCOMPATIBLE',
      `${dataDir} holds ${String(format)} version ${String(version)}, this build reads ${FORMAT.format} version ${FORMAT.version}; use another data directory`,
      { path, operation: 'open' },
    );
  }
}

class EmbeddedBus implements Bus {
  readonly kind = 'embedded' as const;
  readonly admin: BusAdmin;
  readonly #options: CompiledEmbeddedBusOptions;
  readonly #logger: Logger;
  readonly #lock: DataDirLock;
  readonly #db: LogDatabase;
  readonly #topics: TopicStore;
  readonly #groupOffsets: GroupOffsetStore;
  readonly #groups = new Map<string, ConsumerGroup>();
  readonly #members = new Set<GroupMember>();
  readonly #keylessCounters = new Map<string, number>();
  readonly #groupLog: GroupLog;
  #state: BusState = 'open';
  #closing: Promise<void> | undefined;

  constructor(options: CompiledEmbeddedBusOptions, logger: Logger, lock: DataDirLock, db: LogDatabase, topics: TopicStore, groupOffsets: GroupOffsetStore) {
    this.#options = options;
    this.#logger = logger;
    this.#lock = lock;
    this.#db = db;
    this.#topics = topics;
    this.#groupOffsets = groupOffsets;
    this.#groupLog = {
      partitionCounts: (names) =>
        new Map(
          names.flatMap((name) => {
            const topic = topics.get(name);
            return topic ? [[name, topic.metadata.partitions] as const] : [];
          }),
        ),
      committedOffset: (groupId, topic, partition) => groupOffsets.committed(groupId, topic, partition),
      endOffset: (topic, partition) => topics.get(topic)?.logs[partition]?.endOffset,
    };
    this.admin = createEmbeddedAdmin({
      topics,
      groupOffsets,
      groups: this.#groups,
      logger,
      assertOpen: (operation) => this.#assertOpen(operation),
    });
  }

  /** Open, or closing while batches in flight finish (they may still produce and commit). */
  #isUsable(): boolean {
    return this.#state !== 'closed';
  }

  #assertOpen(operation: string): void {
    if (!this.#isUsable()) throw closedError(operation);
  }

  #prepare(records: readonly OutgoingRecord[], operation: string): PreparedAppend[] {
    return prepareAppends(records, {
      topics: this.#topics,
      maxRecordBytes: this.#options.maxRecordBytes,
      nowMs: Date.now(),
      operation,
      keylessCounters: this.#keylessCounters,
    });
  }

  /** Inside a write transaction: appends every prepared record; positions come back in input order. */
  #appendIn(context: WriteContext, prepared: readonly PreparedAppend[], count: number): RecordPosition[] {
    const positions = new Array<RecordPosition>(count);
    for (const { log, records, inputIndexes } of prepared) {
      const baseOffset = log.appendIn(context, records);
      inputIndexes.forEach((inputIndex, i) => {
        positions[inputIndex] = { topic: log.topic, partition: log.partition, offset: baseOffset + i };
      });
    }
    return positions;
  }

  async produce(records: readonly OutgoingRecord[]): Promise<RecordPosition[]> {
    this.#assertOpen('produce');
    const prepared = this.#prepare(records, 'produce');
    return this.#db.write((context) => this.#appendIn(context, prepared, records.length));
  }

  /**
   * Validates everything, then writes the outputs and the group offset in one
   * transaction of the log database: both become visible (and durable under
   * the fsync policy) together, or — on any failure or crash — neither does,
   * as a Kafka transaction with `sendOffsets` does.
   */
  async #commit(groupId: string, ownership: Ownership, records: readonly OutgoingRecord[], nextOffset: number): Promise<void> {
    const { topic, partition } = ownership;
    this.#assertOpen('commit');
    const revoked = () =>
      new EmbeddedBusError(
        'VIGIA_BUS_PARTITION_REVOKED',
        `partition ${partition} of "${topic}" was reassigned in a rebalance of group "${groupId}"; its records will be delivered to the new owner`,
        { groupId, topic, partition, operation: 'commit' },
      );
    if (ownership.revoked) throw revoked();
    const log = this.#topics.get(topic)?.logs[partition];
    if (!log) throw unknownTopicError(topic, 'commit');
    if (!Number.isSafeInteger(nextOffset) || nextOffset < 0 || nextOffset > log.endOffset) {
      throw new EmbeddedBusError(
        'VIGIA_BUS_OFFSET_OUT_OF_RANGE',
        `cannot commit offset ${nextOffset}: partition ${partition} of "${topic}" ends at ${log.endOffset}`,
        { groupId, topic, partition, offset: nextOffset, operation: 'commit' },
      );
    }
    const prepared = this.#prepare(records, 'commit');
    await this.#db.write((context) => {
      // Checked again inside the transaction: a rebalance may have happened while it was queued.
      if (ownership.revoked) throw revoked();
      this.#appendIn(context, prepared, records.length);
      this.#groupOffsets.commitIn(context, groupId, topic, [{ partition, offset: nextOffset }]);
    });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.#state !== 'open') throw closedError('subscribe');
    const invalid = (message: string) => new EmbeddedBusError('VIGIA_BUS_INVALID_ARGUMENT', message, { groupId: options.groupId, operation: 'subscribe' });
    if (typeof options.groupId !== 'string' || options.groupId === '') throw invalid('groupId must be a non-empty string');
    if (options.topics.length === 0) throw invalid('topics must name at least one topic');
    for (const topic of options.topics) if (!this.#topics.get(topic)) throw unknownTopicError(topic, 'subscribe');
    const maxBatchRecords = options.maxBatchRecords ?? this.#options.defaultMaxBatchRecords;
    if (!Number.isSafeInteger(maxBatchRecords) || maxBatchRecords < 1) {
      throw invalid(`maxBatchRecords must be a positive integer, got ${maxBatchRecords}`);
    }
    if (options.startFrom !== undefined && options.startFrom !== 'earliest' && options.startFrom !== 'latest') {
      throw invalid(`startFrom must be "earliest" or "latest"`);
    }

    let group = this.#groups.get(options.groupId);
    if (!group) this.#groups.set(options.groupId, (group = new ConsumerGroup(options.groupId, this.#groupLog, this.#logger)));
    const member = new GroupMember({
      memberId: `${options.groupId}-${randomUUID()}`,
      group,
      subscribe: options,
      maxBatchRecords,
      host: {
        log: (topic, partition) => this.#topics.get(topic)?.logs[partition],
        commit: (groupId, ownership, records, nextOffset) => this.#commit(groupId, ownership, records, nextOffset),
        isOpen: () => this.#isUsable(),
        maxBatchBytes: this.#options.maxBatchBytes,
        logger: this.#logger,
      },
    });
    this.#members.add(member);
    void member.done
      .finally(() => {
        this.#members.delete(member);
        // An empty group keeps nothing but its committed offsets, which live in the offset store.
        if (group.memberCount === 0 && this.#groups.get(group.groupId) === group) this.#groups.delete(group.groupId);
      })
      .catch(() => undefined);
    member.start();
    return { stop: () => member.stop(), done: member.done };
  }

  /**
   * Reads one partition outside any group, in chunks of at most
   * `defaultMaxBatchRecords` records / `maxBatchBytes`. The range is fixed when
   * called: `untilOffset` (default the log end) is capped at the log end then,
   * so the read never waits for records that are not there yet.
   */
  readPartition(topic: string, partition: number, options: ReadPartitionOptions = {}): AsyncIterable<readonly ConsumedRecord[]> {
    const endAtCall = this.#topics.get(topic)?.logs[partition]?.endOffset ?? 0;
    const untilOffset = Math.min(options.untilOffset ?? endAtCall, endAtCall);
    return readPartitionRange({
      topics: this.#topics,
      assertOpen: () => this.#assertOpen('readPartition'),
      maxChunkRecords: this.#options.defaultMaxBatchRecords,
      maxChunkBytes: this.#options.maxBatchBytes,
      topic,
      partition,
      fromOffset: options.fromOffset ?? 0,
      untilOffset,
    });
  }

  /** Stops every subscription (letting batches in flight finish), commits what is queued and releases the directory. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#state = 'closing';
      await Promise.allSettled([...this.#members].map((member) => member.stop()));
      this.#state = 'closed';
      this.#topics.close();
      await this.#db.close();
      await this.#lock.release();
      this.#logger.info({ dataDir: this.#options.dataDir }, 'embedded log closed');
    })();
    return this.#closing;
  }

  /**
   * Test support: the process "dies" now. Batches in flight are abandoned (a
   * late commit from one is refused), writes not yet committed are dropped,
   * and the lock file is left behind as a killed process would leave it.
   */
  async crash(): Promise<void> {
    if (this.#closing) return this.#closing;
    this.#state = 'closed';
    for (const member of this.#members) member.abandon();
    this.#topics.close();
    this.#db.abandon();
    this.#lock.abandon();
    this.#closing = Promise.resolve();
    return this.#closing;
  }
}

/** Test support: simulates a crash of the process that owns `bus` (an embedded bus). */
export function crashEmbeddedBus(bus: Bus): Promise<void> {
  if (!(bus instanceof EmbeddedBus)) throw new TypeError('crashEmbeddedBus needs a bus from createEmbeddedBus');
  return bus.crash();
}
