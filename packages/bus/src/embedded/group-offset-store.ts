/**
 * Committed consumer-group offsets: one small JSON file per group, rewritten
 * atomically (temp file, fsync, rename) on every commit, so a restart finds
 * either the previous or the new positions, never a mix. Concurrent commits
 * of one group share a rewrite (group commit).
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { PartitionOffset } from '../port.ts';
import { CoalescingTask } from './coalescing-task.ts';
import { storageError } from './embedded-errors.ts';
import { writeFileAtomic } from './file-io.ts';

type Offsets = Map<string, Map<number, number>>;

interface GroupFile {
  readonly version: 1;
  readonly groupId: string;
  readonly offsets: Record<string, Record<string, number>>;
}

interface GroupState {
  /** What is on disk. */
  durable: Offsets;
  /** What the next rewrite will put on disk. */
  desired: Offsets;
  readonly writer: CoalescingTask;
}

const clone = (offsets: Offsets): Offsets => new Map([...offsets].map(([topic, map]) => [topic, new Map(map)]));

/** File names must be safe whatever the group id contains. */
const fileNameOf = (groupId: string) => `${Buffer.from(groupId, 'utf8').toString('base64url')}.json`;

export class GroupOffsetStore {
  readonly #directory: string;
  readonly #fsync: boolean;
  readonly #groups = new Map<string, GroupState>();

  private constructor(directory: string, fsync: boolean) {
    this.#directory = directory;
    this.#fsync = fsync;
  }

  static async open(directory: string, fsync: boolean, logger: Logger): Promise<GroupOffsetStore> {
    const store = new GroupOffsetStore(directory, fsync);
    try {
      await mkdir(directory, { recursive: true });
      for (const name of await readdir(directory)) {
        const path = join(directory, name);
        if (name.endsWith('.tmp')) {
          // A rewrite that never reached its rename: the previous file is still valid.
          await rm(path, { force: true });
          continue;
        }
        if (!name.endsWith('.json')) continue;
        const file = JSON.parse(await readFile(path, 'utf8')) as GroupFile;
        const offsets: Offsets = new Map(
          Object.entries(file.offsets).map(([topic, partitions]) => [
            topic,
            new Map(Object.entries(partitions).map(([p, offset]) => [Number(p), offset])),
          ]),
        );
        store.#state(file.groupId, offsets);
      }
    } catch (error) {
      throw storageError(error, `could not load consumer-group offsets from ${directory}`, {
        path: directory,
        operation: 'open',
      });
    }
    logger.debug({ groups: store.#groups.size }, 'loaded consumer-group offsets');
    return store;
  }

  #state(groupId: string, initial?: Offsets): GroupState {
    let state = this.#groups.get(groupId);
    if (!state) {
      const durable = initial ?? new Map();
      const created: GroupState = {
        durable,
        desired: clone(durable),
        writer: new CoalescingTask(() => this.#persist(groupId, created)),
      };
      state = created;
      this.#groups.set(groupId, state);
    }
    return state;
  }

  async #persist(groupId: string, state: GroupState): Promise<void> {
    const snapshot = clone(state.desired);
    const file: GroupFile = {
      version: 1,
      groupId,
      offsets: Object.fromEntries([...snapshot].map(([topic, map]) => [topic, Object.fromEntries(map)])),
    };
    try {
      await writeFileAtomic(join(this.#directory, fileNameOf(groupId)), JSON.stringify(file), this.#fsync);
      state.durable = snapshot;
    } catch (error) {
      // `desired` stays ahead: later commits may already be in it, and the next rewrite retries them all.
      throw storageError(error, `could not write the offsets of group "${groupId}"`, { groupId, operation: 'commit' });
    }
  }

  /** The committed (durable) offset of one partition, if any. */
  committed(groupId: string, topic: string, partition: number): number | undefined {
    return this.#groups.get(groupId)?.durable.get(topic)?.get(partition);
  }

  /** Committed offsets of a group for a topic, by partition; partitions without one are omitted. */
  offsets(groupId: string, topic: string): PartitionOffset[] {
    const map = this.#groups.get(groupId)?.durable.get(topic);
    if (!map) return [];
    return [...map].map(([partition, offset]) => ({ partition, offset })).sort((a, b) => a.partition - b.partition);
  }

  /** Stores offsets durably (per the fsync policy); resolves once they are on disk. */
  commit(groupId: string, topic: string, offsets: readonly PartitionOffset[]): Promise<void> {
    const state = this.#state(groupId);
    let map = state.desired.get(topic);
    if (!map) state.desired.set(topic, (map = new Map()));
    for (const { partition, offset } of offsets) map.set(partition, offset);
    return state.writer.request();
  }

  /** Forgets a deleted topic in every group, as Kafka drops the offsets of a deleted topic. */
  async forgetTopic(topic: string): Promise<void> {
    const writes: Promise<void>[] = [];
    for (const state of this.#groups.values()) {
      if (!state.desired.has(topic) && !state.durable.has(topic)) continue;
      state.desired.delete(topic);
      writes.push(state.writer.request());
    }
    await Promise.all(writes);
  }

  /** Waits until no rewrite is in progress. */
  async idle(): Promise<void> {
    await Promise.all([...this.#groups.values()].map((state) => state.writer.idle()));
  }
}
