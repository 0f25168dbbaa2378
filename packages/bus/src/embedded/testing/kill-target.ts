/**
 * A process for the recovery specs to SIGKILL: opens the embedded log in
 * `argv[3]` and runs one workload until killed, writing "ready" to stdout
 * once it is under way.
 *
 * - `copy`: a consumer group copies topic `in` to `out`, one output per input,
 *   committing every batch of ≤ 3 records with its outputs (the window a
 *   non-atomic commit would expose to a kill); says "caught-up" after a
 *   commit that reaches the end of `in` (one partition).
 * - `produce`: appends records `v<offset>` to topic `log`, one per produce call;
 *   "ready" once it has appended 20.
 */
import { pino } from 'pino';
import { createEmbeddedBus } from '../embedded-bus.ts';

const [, , mode, dataDir] = process.argv;
const bus = await createEmbeddedBus({ dataDir: dataDir!, logger: pino({ level: 'silent' }), fsync: 'commit' });

if (mode === 'copy') {
  await bus.subscribe({
    groupId: 'copy',
    topics: ['in'],
    maxBatchRecords: 3,
    eachBatch: async (batch, context) => {
      const outputs = batch.records.map((r) => ({ topic: 'out', key: r.key, value: r.value, partition: r.partition }));
      const next = batch.records.at(-1)!.offset + 1;
      await context.commit(outputs, next);
      if (next === batch.highWatermark) process.stdout.write('caught-up\n');
    },
  });
  process.stdout.write('ready\n');
  // A run that starts with everything already copied (an earlier run got to the end before its kill) is caught up
  // at once: no batch will come to say so.
  const [committed] = await bus.admin.groupOffsets('copy', 'in');
  const [end] = await bus.admin.endOffsets('in');
  if (committed !== undefined && end !== undefined && committed.offset === end.offset) process.stdout.write('caught-up\n');
  // Stay up until killed, as a service would, even when idle.
  setInterval(() => undefined, 1 << 30);
} else if (mode === 'produce') {
  await bus.admin.ensureTopics([{ name: 'log', partitions: 1, cleanupPolicy: 'delete' }]);
  const first = (await bus.admin.endOffsets('log'))[0]!.offset;
  for (let offset = first; ; offset++) {
    await bus.produce([{ topic: 'log', key: null, value: new TextEncoder().encode(`v${offset}`), partition: 0 }]);
    // Ready once records are on disk: on a loaded machine a fixed delay after start may see none written.
    if (offset === first + 20) process.stdout.write('ready\n');
  }
} else {
  throw new TypeError(`unknown mode ${String(mode)}`);
}
