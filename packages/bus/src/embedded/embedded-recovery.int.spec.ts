import { spawn } from 'node:child_process';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { bytes, consume, createTopic, readUntil, rejectionOf, text, uniqueName } from '../testing/test-helpers.ts';
import { crashEmbeddedBus, createEmbeddedBus } from './embedded-bus.ts';
import { busOpener, logSink, temporaryDataDir } from './testing/embedded-test-support.ts';
import { SEGMENT_FILE } from './partition-log.ts';
import { encodeFrame } from './record-frame.ts';

const segmentOf = (dataDir: string, topic: string, partition = 0) =>
  join(dataDir, 'topics', topic, String(partition), SEGMENT_FILE);

async function logWithThreeRecords(open: () => ReturnType<ReturnType<typeof busOpener>>) {
  const bus = await open();
  const topic = await createTopic(bus);
  await bus.produce(['a', 'b', 'c'].map((v) => ({ topic, key: v, value: bytes(v) })));
  await bus.close();
  return topic;
}

describe('embedded log recovery', () => {
  const damages: ReadonlyArray<readonly [string, (path: string) => Promise<void>, number]> = [
    [
      'half a frame (a torn write)',
      async (path) => {
        const frame = encodeFrame({ offset: 3, timestampMs: 1, key: 'd', value: bytes('d'), headers: {} });
        await appendFile(path, frame.subarray(0, Math.floor(frame.length / 2)));
      },
      3,
    ],
    ['garbage bytes', (path) => appendFile(path, Buffer.alloc(37, 0xab)), 3],
    [
      'a flipped byte inside the second record',
      async (path) => {
        const data = await readFile(path);
        const second = data.readUInt32BE(0) + 8;
        data[second + 20] = data[second + 20]! ^ 0xff;
        await writeFile(path, data);
      },
      1,
    ],
  ];

  it.each(damages)('truncates %s at the end of the valid records and appends after them', async (_, damage, survivors) => {
    const dataDir = await temporaryDataDir();
    const sink = logSink('warn');
    const open = busOpener(dataDir, { logger: sink.logger });
    const topic = await logWithThreeRecords(open);
    const path = segmentOf(dataDir, topic);
    const intactBytes = (await stat(path)).size;
    await damage(path);

    const bus = await open();
    expect(await bus.admin.endOffsets(topic)).toEqual([{ partition: 0, offset: survivors }]);
    expect(sink.lines).toContainEqual(expect.objectContaining({ msg: 'truncating a torn or corrupt tail of the embedded log', topic, partition: 0 }));
    if (survivors === 3) expect((await stat(path)).size).toBe(intactBytes);

    const [position] = await bus.produce([{ topic, key: 'e', value: bytes('e') }]);
    expect(position?.offset).toBe(survivors);
    const records = await readUntil(bus, topic, (rs) => rs.some((r) => r.key === 'e'));
    expect(records.map((r) => text(r.value))).toEqual([...['a', 'b', 'c'].slice(0, survivors), 'e']);
  });

  it('a crash after a commit wrote its outputs but before its offset re-delivers the batch (at-least-once)', async () => {
    const dataDir = await temporaryDataDir();
    let holdOffsetWrite: Promise<void> | undefined;
    let release!: () => void;
    let reached!: () => void;
    const reachedOffsetWrite = new Promise<void>((resolve) => (reached = resolve));
    const first = await busOpener(dataDir, {
      beforeGroupOffsetWrite: async () => {
        reached();
        await holdOffsetWrite;
      },
    })();
    const input = await createTopic(first, { prefix: 'in' });
    const output = await createTopic(first, { prefix: 'out' });
    const groupId = uniqueName('g');
    await first.produce([{ topic: input, key: 'k', value: bytes('event') }]);
    holdOffsetWrite = new Promise<void>((resolve) => (release = resolve));

    let commitOutcome: Promise<unknown> | undefined;
    await consume(first, {
      groupId,
      topics: [input],
      commit: 'none',
      onBatch(batch, context) {
        commitOutcome = rejectionOf(context.commit([{ topic: output, key: 'k', value: bytes('derived') }], batch.records.at(-1)!.offset + 1));
      },
    });
    await reachedOffsetWrite;
    await crashEmbeddedBus(first);
    release();
    expect(await commitOutcome).toMatchObject({ code: 'VIGIA_BUS_CLOSED' });

    const second = await busOpener(dataDir)();
    // The outputs made it, the offset did not: the input is delivered again.
    expect(await second.admin.endOffsets(output)).toEqual([{ partition: 0, offset: 1 }]);
    expect(await second.admin.groupOffsets(groupId, input)).toEqual([]);
    const again = await consume(second, { groupId, topics: [input] });
    const [record] = await again.collector.waitForCount(1);
    expect(text(record!.value)).toBe('event');
  });

  it('refuses a data directory written by another format version', async () => {
    const dataDir = await temporaryDataDir();
    await writeFile(join(dataDir, 'vigia-log.json'), JSON.stringify({ format: 'vigia-embedded-log', version: 99 }));
    const error = await rejectionOf(createEmbeddedBus({ dataDir, logger: logSink().logger }));
    expect(error).toMatchObject({ code: 'VIGIA_BUS_DATA_DIR_INCOMPATIBLE' });
    // The failed open released the lock: fixing the directory is enough to open it.
    await writeFile(join(dataDir, 'vigia-log.json'), JSON.stringify({ format: 'vigia-embedded-log', version: 1 }));
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
