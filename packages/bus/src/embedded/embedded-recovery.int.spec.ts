import { spawn } from 'node:child_process';
import { cp, readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Bus, ConsumedRecord } from '../port.ts';
import { bytes, consume, createTopic, rejectionOf, text } from '../testing/test-helpers.ts';
import { crashEmbeddedBus, createEmbeddedBus } from './embedded-bus.ts';
import { busOpener, logSink, temporaryDataDir } from './testing/embedded-test-support.ts';
import { startKillTarget } from './testing/kill-target-runner.ts';

const MiB = 1_048_576;

async function readAll(bus: Bus, topic: string, partition = 0): Promise<ConsumedRecord[]> {
  const records: ConsumedRecord[] = [];
  for await (const chunk of bus.readPartition(topic, partition)) records.push(...chunk);
  return records;
}

/** A value of `size` bytes whose content depends on `seed`, so a mixed-up record cannot pass for another. */
function patterned(size: number, seed: number): Uint8Array {
  const value = new Uint8Array(size);
  for (let i = 0; i < size; i++) value[i] = (i * 31 + seed * 7) & 0xff;
  return value;
}

/** Byte equality without vitest's element-wise deep equality (slow on MiB-sized arrays). */
const sameBytes = (actual: Uint8Array | null, expected: Uint8Array) => actual !== null && Buffer.from(actual).equals(expected);

describe('embedded log: records of any size up to maxRecordBytes', () => {
  it('issue 10: a 300 KiB record then a 10 B one to one partition survive close and reopen', async () => {
    const open = busOpener(await temporaryDataDir());
    let bus = await open();
    const topic = await createTopic(bus);
    await bus.produce([{ topic, key: 'big', value: patterned(300 * 1024, 1), partition: 0 }]);
    await bus.produce([{ topic, key: 'small', value: patterned(10, 2), partition: 0 }]);
    await bus.close();
    bus = await open();
    const records = await readAll(bus, topic);
    expect(records.map((r) => [r.key, r.value?.length])).toEqual([
      ['big', 300 * 1024],
      ['small', 10],
    ]);
    expect(sameBytes(records[0]!.value, patterned(300 * 1024, 1))).toBe(true);
  });

  it('round-trips sizes from 1 B to 1 MiB across a crash and a reopen, and refuses one byte more', { timeout: 30_000 }, async () => {
    const open = busOpener(await temporaryDataDir());
    const first = await open();
    const topic = await createTopic(first);
    const key = 'k';
    // The largest value that fits: maxRecordBytes (1 MiB) counts key, value, headers and a fixed overhead.
    const probe = await rejectionOf(first.produce([{ topic, key, value: new Uint8Array(MiB) }]));
    expect(probe).toMatchObject({ code: 'VIGIA_BUS_RECORD_TOO_LARGE', topic });
    const overhead = Number(/record of (\d+) bytes/.exec((probe as Error).message)![1]) - MiB;
    const largest = MiB - overhead;
    const sizes = [1, 2, 255, 256, 4095, 4096, 4097, 65_535, 65_536, 262_143, 262_144, 262_145, 300 * 1024, 512 * 1024, largest];
    for (const [i, size] of sizes.entries()) await first.produce([{ topic, key, value: patterned(size, i), partition: 0 }]);
    await expect(first.produce([{ topic, key, value: new Uint8Array(largest + 1) }])).rejects.toMatchObject({
      code: 'VIGIA_BUS_RECORD_TOO_LARGE',
    });

    await crashEmbeddedBus(first);
    const second = await open();
    const check = (records: readonly ConsumedRecord[]) => {
      expect(records.map((r) => r.value?.length)).toEqual(sizes);
      expect(records.filter((r, i) => !sameBytes(r.value, patterned(sizes[i]!, i))).map((r) => r.offset)).toEqual([]);
    };
    check(await readAll(second, topic));
    await second.close();
    const third = await open();
    check(await readAll(third, topic));
    // And through a consumer group, whose batches are bounded by maxBatchBytes (always ≥ 1 record).
    const { collector } = await consume(third, { groupId: 'sizes', topics: [topic] });
    check(await collector.waitForCount(sizes.length));
  });
});

describe('embedded log: atomic commit across SIGKILL', () => {
  it('a killed copy loop never leaves outputs without their offset, or an offset without its outputs', { timeout: 90_000 }, async () => {
    const dataDir = await temporaryDataDir();
    const inputs = 600;
    const setup = await busOpener(dataDir)();
    await setup.admin.ensureTopics(['in', 'out'].map((name) => ({ name, partitions: 1, cleanupPolicy: 'delete' as const })));
    await setup.produce(Array.from({ length: inputs }, (_, i) => ({ topic: 'in', key: `k${i % 7}`, value: bytes(`e${i}`), partition: 0 })));
    await setup.close();

    const killPoints = 6;
    for (let round = 0; round <= killPoints; round++) {
      const target = startKillTarget('copy', dataDir);
      if (round < killPoints) {
        await target.waitFor('ready');
        await delay(Math.floor(Math.random() * 120));
      } else {
        await target.waitFor('caught-up');
      }
      await target.kill();
      const bus = await busOpener(dataDir)();
      const committed = (await bus.admin.groupOffsets('copy', 'in'))[0]?.offset ?? 0;
      const outputs = await readAll(bus, 'out');
      // Exactly the committed prefix of the input, once, in order: outputs and offsets moved together.
      expect(outputs.map((r) => text(r.value))).toEqual(Array.from({ length: committed }, (_, i) => `e${i}`));
      if (round === killPoints) expect(committed).toBe(inputs);
      await bus.close();
    }
  });

  it('cutting the write-ahead log at any byte drops only whole transactions at its end', { timeout: 60_000 }, async () => {
    const dataDir = await temporaryDataDir();
    const target = startKillTarget('produce', dataDir);
    await target.waitFor('ready');
    // Let it append for a while, then kill it mid-write: the WAL holds its last transactions.
    await delay(300);
    await target.kill();
    const wal = (await readdir(dataDir)).find((name) => name.endsWith('-wal'));
    expect(wal).toBeDefined();
    const walBytes = (await stat(join(dataDir, wal!))).size;

    let previousEnd = -1;
    for (const fraction of [0.1, 0.35, 0.6, 0.85, 0.999, 1]) {
      const copy = await temporaryDataDir();
      await cp(dataDir, copy, { recursive: true });
      await writeFile(join(copy, '.lock'), '');
      await truncate(join(copy, wal!), Math.floor(walBytes * fraction));
      const bus = await busOpener(copy)();
      const records = await readAll(bus, 'log');
      // A prefix, every record intact: no hole, no half record, no record from after the cut.
      expect(records.map((r) => text(r.value))).toEqual(records.map((_, i) => `v${i}`));
      expect(records.length).toBeGreaterThanOrEqual(previousEnd);
      previousEnd = records.length;
      await bus.close();
    }
    expect(previousEnd).toBeGreaterThan(0);
  });
});

describe('embedded log: damage', () => {
  it('stops with an error naming the file, partition and offset of a damaged record, and deletes nothing', async () => {
    const dataDir = await temporaryDataDir();
    const sink = logSink('warn');
    const open = busOpener(dataDir, { logger: sink.logger });
    let bus = await open();
    const topic = await createTopic(bus);
    const marker = (i: number) => bytes(`record-${i}-`.padEnd(3000, String(i % 10)));
    await bus.produce(Array.from({ length: 5 }, (_, i) => ({ topic, key: `k${i}`, value: marker(i), partition: 0 })));
    await bus.close();

    const path = join(dataDir, 'log.sqlite');
    const file = await readFile(path);
    // A run of the value's own bytes, so the flipped byte is inside record 3 whatever the page layout.
    const at = file.indexOf(Buffer.from('record-3-3333333333'));
    expect(at).toBeGreaterThan(0);
    file[at + 12] = file[at + 12]! ^ 0xff;
    await writeFile(path, file);

    bus = await open();
    expect(await bus.admin.endOffsets(topic)).toEqual([{ partition: 0, offset: 5 }]);
    const error = await rejectionOf(readAll(bus, topic));
    expect(error).toMatchObject({ code: 'VIGIA_BUS_LOG_CORRUPT', topic, partition: 0, offset: 3, path });
    expect((error as Error).message).toContain(path);
    // The log stops: no more writes on top of damage.
    await expect(bus.produce([{ topic, key: 'k', value: bytes('after') }])).rejects.toMatchObject({ code: 'VIGIA_BUS_LOG_CORRUPT' });
    expect(sink.lines).toContainEqual(expect.objectContaining({ msg: 'embedded log stopped' }));
  });

  it('refuses a data directory written by another format version', async () => {
    const dataDir = await temporaryDataDir();
    await writeFile(join(dataDir, 'vigia-log.json'), JSON.stringify({ format: 'vigia-embedded-log', version: 1 }));
    const error = await rejectionOf(createEmbeddedBus({ dataDir, logger: logSink().logger }));
    expect(error).toMatchObject({ code: 'VIGIA_BUS_DATA_DIR_INCOMPATIBLE' });
    // The failed open released the lock: fixing the directory is enough to open it.
    await writeFile(join(dataDir, 'vigia-log.json'), JSON.stringify({ format: 'vigia-embedded-log', version: 2 }));
    await busOpener(dataDir)();
  });
});

describe('embedded data directory lock', () => {
  it('refuses a second open bus in the same process until the first is closed', async () => {
    const dataDir = await temporaryDataDir();
    const open = busOpener(dataDir);
    const first = await open();
    await expect(open()).rejects.toMatchObject({ code: 'VIGIA_BUS_DATA_DIR_LOCKED' });
    await first.close();
    await open();
  });

  it('refuses a directory another process holds, and takes over the lock of a process that died', async () => {
    const dataDir = await temporaryDataDir();
    const script = `
      const { createEmbeddedBus } = await import(process.argv[1]);
      const { pino } = await import('pino');
      await createEmbeddedBus({ dataDir: process.argv[2], logger: pino({ level: 'silent' }) });
      process.stdout.write('ready\\n');
      setInterval(() => {}, 1 << 30);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, new URL('./index.ts', import.meta.url).pathname, dataDir], {
      cwd: new URL('../..', import.meta.url).pathname,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    onTestFinished(async () => {
      child.kill('SIGKILL');
      await exited;
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`child exited with ${code} before locking`)));
    });

    const error = await rejectionOf(createEmbeddedBus({ dataDir, logger: logSink().logger }));
    expect(error).toMatchObject({ code: 'VIGIA_BUS_DATA_DIR_LOCKED' });
    expect((error as Error).message).toContain(`process ${child.pid}`);

    child.kill('SIGKILL');
    await exited;
    const bus = await busOpener(dataDir)();
    expect(await bus.admin.listTopics()).toEqual([]);
  });
});
