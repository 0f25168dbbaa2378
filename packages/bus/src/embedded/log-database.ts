/**
 * The one SQLite database (`node:sqlite`, built into Node 24) that holds the
 * whole embedded log: topics, records and committed group offsets. Every write
 * goes through `write()`, which queues it and runs the queued writes of one
 * event-loop turn in ONE SQLite transaction (group commit: one fsync for many
 * produces and commits). A batch's outputs and its group offset are written by
 * one `write()`, so they become visible — and durable — together or not at
 * all, which is what a Kafka transaction with `sendOffsets` promises.
 *
 * Why SQLite and not commit markers in our own segment files: see "Atomic
 * commit" in the package README (measured with `pnpm bench:bus`).
 */
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { Logger } from 'pino';
import { closedError, EmbeddedBusError, storageError } from './embedded-errors.ts';

/** What a queued write sees: run statements, and register effects for after the commit. */
export interface WriteContext {
  run(sql: string, ...params: SQLInputValue[]): void;
  /** Runs once the transaction is committed (never if it is rolled back): publish in-memory state here. */
  afterCommit(effect: () => void): void;
  /** Runs if this write is rolled back: undo in-memory reservations made while running it. */
  onRollback(undo: () => void): void;
}

interface QueuedWrite {
  readonly work: (context: WriteContext) => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS topics (
    name TEXT PRIMARY KEY,
    partitions INTEGER NOT NULL,
    cleanup_policy TEXT NOT NULL,
    retention_ms INTEGER,
    created_at_ms INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS records (
    topic TEXT NOT NULL,
    partition INTEGER NOT NULL,
    offset INTEGER NOT NULL,
    timestamp_ms INTEGER NOT NULL,
    key TEXT,
    value BLOB,
    headers TEXT NOT NULL,
    crc INTEGER NOT NULL,
    PRIMARY KEY (topic, partition, offset)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS group_offsets (
    group_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    partition INTEGER NOT NULL,
    offset INTEGER NOT NULL,
    PRIMARY KEY (group_id, topic, partition)
  ) STRICT, WITHOUT ROWID;
`;

/**
 * The page size of a new log database (an existing one keeps its own). A
 * `WITHOUT ROWID` row holds at most about a quarter of a page before the rest
 * spills into an overflow page of its own: on SQLite's default 4 KiB pages a
 * state record of ≈ 1.1 KB (an event plus its CloudEvents headers) took two
 * pages, and 10⁶ of them made a 4.7 GB file that took 13 s to read. On 16 KiB
 * pages rows up to ≈ 4 KB stay inline: 1.3 GB, read in 5 s (64 KiB pages: 6 s).
 */
const pageSizeBytes = 16_384;

/** SQLite primary result codes that mean the file itself is damaged. */
const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;

/** True when SQLite reports a damaged database (as opposed to e.g. a full disk). */
export function isCorruption(error: unknown): boolean {
  const errcode = (error as { errcode?: unknown } | null)?.errcode;
  return typeof errcode === 'number' && ((errcode & 0xff) === SQLITE_CORRUPT || (errcode & 0xff) === SQLITE_NOTADB);
}

export class LogDatabase {
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #logger: Logger;
  readonly #statements = new Map<string, StatementSync>();
  #queue: QueuedWrite[] = [];
  #flushScheduled = false;
  #flushing: Promise<void> = Promise.resolve();
  #failure: EmbeddedBusError | undefined;
  #closed = false;

  private constructor(path: string, db: DatabaseSync, logger: Logger) {
    this.path = path;
    this.#db = db;
    this.#logger = logger;
  }

  /**
   * Opens (creating) the database. SQLite's write-ahead log makes each
   * transaction atomic across a crash: on open it replays the committed
   * transactions of the WAL and drops a torn final one (its frame checksums do
   * not match), which is the only thing recovery ever discards.
   * `fsync: true` → `synchronous=FULL` (every commit is fsynced before it
   * resolves); false → `NORMAL` (fsync only at checkpoints: a power cut can
   * lose the last commits, but never half of one).
   */
  static open(path: string, fsync: boolean, logger: Logger): LogDatabase {
    let db: DatabaseSync | undefined;
    try {
      db = new DatabaseSync(path);
      db.exec(`PRAGMA page_size = ${pageSizeBytes}; PRAGMA journal_mode = WAL; PRAGMA synchronous = ${fsync ? 'FULL' : 'NORMAL'};`);
      db.exec(SCHEMA);
      return new LogDatabase(path, db, logger);
    } catch (error) {
      db?.close();
      throw databaseError(error, path, `could not open the embedded log ${path}`, { operation: 'open' });
    }
  }

  /** A cached prepared statement (reads run outside the write queue: SQLite is synchronous). */
  statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) this.#statements.set(sql, (statement = this.#db.prepare(sql)));
    return statement;
  }

  /** Runs a read, turning SQLite failures into bus errors that name the file. */
  read<T>(operation: string, context: { topic?: string; partition?: number; offset?: number }, query: () => T): T {
    if (this.#closed) throw closedError(operation);
    if (this.#failure) throw this.#failure;
    try {
      return query();
    } catch (error) {
      const wrapped = databaseError(error, this.path, `${operation} failed`, { ...context, operation });
      if (wrapped.code === 'VIGIA_BUS_LOG_CORRUPT') this.fail(wrapped);
      throw wrapped;
    }
  }

  /**
   * Queues `work` for the next transaction and resolves with its result once
   * that transaction is committed (durable under the fsync policy). A write
   * that throws is rolled back alone (a savepoint) and rejects; the others of
   * the transaction still commit.
   */
  write<T>(work: (context: WriteContext) => T): Promise<T> {
    if (this.#closed) return Promise.reject(closedError('write'));
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        // setImmediate, not a microtask: commits of several stages arriving in one turn share the fsync.
        this.#flushing = new Promise<void>((done) =>
          setImmediate(() => {
            this.#flushScheduled = false;
            this.#flush();
            done();
          }),
        );
      }
    });
  }

  #flush(): void {
    const queued = this.#queue;
    this.#queue = [];
    if (queued.length === 0) return;
    if (this.#closed || this.#failure) {
      for (const write of queued) write.reject(this.#failure ?? closedError('write'));
      return;
    }
    const committed: Array<{ write: QueuedWrite; result: unknown; effects: Array<() => void> }> = [];
    const failed: Array<{ write: QueuedWrite; error: unknown }> = [];
    const undoAll: Array<() => void> = [];
    try {
      this.#db.exec('BEGIN IMMEDIATE');
      for (const write of queued) {
        const effects: Array<() => void> = [];
        const undo: Array<() => void> = [];
        this.#db.exec('SAVEPOINT w');
        try {
          const result = write.work({
            run: (sql, ...params) => void this.statement(sql).run(...params),
            afterCommit: (effect) => effects.push(effect),
            onRollback: (effect) => undo.push(effect),
          });
          this.#db.exec('RELEASE w');
          committed.push({ write, result, effects });
          undoAll.push(...undo);
        } catch (error) {
          this.#db.exec('ROLLBACK TO w; RELEASE w');
          for (const effect of undo.reverse()) effect();
          failed.push({ write, error });
        }
      }
      this.#db.exec('COMMIT');
    } catch (error) {
      // The transaction itself failed (disk full, I/O error): nothing of it is visible, and the
      // state on disk is whatever SQLite rolled back to. Refuse further writes until reopened.
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      for (const effect of undoAll.reverse()) effect();
      const failure = this.fail(databaseError(error, this.path, 'committing to the embedded log failed', { operation: 'commit' }));
      for (const write of queued) write.reject(failure);
      return;
    }
    for (const { write, error } of failed) write.reject(error);
    for (const { write, result, effects } of committed) {
      for (const effect of effects) effect();
      write.resolve(result);
    }
  }

  /** Stops the log: every later read or write rejects with `error`. */
  fail(error: EmbeddedBusError): EmbeddedBusError {
    if (!this.#failure) {
      this.#failure = error;
      this.#logger.error({ err: error, path: this.path }, 'embedded log stopped');
    }
    return this.#failure;
  }

  /** Commits what is queued, then closes the file (SQLite checkpoints the WAL into it). */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#flushing;
    this.#flush();
    this.#closed = true;
    this.#db.close();
  }

  /** Test support: the process dies now. Queued writes are dropped, never committed. */
  abandon(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const write of this.#queue.splice(0)) write.reject(closedError('write'));
    this.#db.close();
  }
}

function databaseError(
  error: unknown,
  path: string,
  message: string,
  context: { topic?: string; partition?: number; offset?: number; operation: string },
): EmbeddedBusError {
  if (error instanceof EmbeddedBusError) return error;
  if (isCorruption(error)) {
    const detail = error instanceof Error ? error.message : String(error);
    return new EmbeddedBusError('VIGIA_BUS_LOG_CORRUPT', `${message}: ${path} is damaged (${detail})`, { ...context, path, cause: error });
  }
  return storageError(error, message, { ...context, path });
}
