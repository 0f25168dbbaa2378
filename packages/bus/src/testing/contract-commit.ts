/** Contract: consume-transform-produce commits, failures, crashes and shutdown. */
import { expect, it, onTestFinished } from 'vitest';
import type { ConsumedRecord, OutgoingRecord } from '../port.ts';
import { type BusContractHarnessFactory, startSession } from './contract-harness.ts';
import { bytes, consume, createTopic, eventuallyEqual, readUntil, RecordCollector, rejectionOf, text, uniqueName } from './test-helpers.ts';

/** A deliberate handler failure the suite can recognise. */
class HandlerFailure extends Error {
  readonly code = 'VIGIA_TEST_HANDLER_FAILED';
}

/** A promise with its resolver, to hold a handler until the test lets it go. */
function gate(): { readonly promise: Promise<void>; readonly open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const isOrCauses = (error: unknown, expected: unknown): boolean =>
  error === expected || (error instanceof Error && error.cause !== undefined && isOrCauses(error.cause, expected));

export function describeCommitContract(factory: BusContractHarnessFactory): void {
  it('commit makes the outputs visible and moves the group offset', async () => {
    const session = startSession(factory);
    const bus = await session.open();
    const input = await createTopic(bus, { prefix: 'in', partitions: 2 });
    const output = await createTopic(bus, { prefix: 'out' });
    const groupId = uniqueName('g');
    await bus.produce(['vraem', 'huallaga', 'putumayo', 'puno', 'ucayali', 'loreto'].map((k) => ({ topic: input, key: k, value: bytes(k) })));

    const committed = new RecordCollector();
    await consume(bus, {
      groupId,
      topics: [input],
      transactionalId: uniqueName('tx'),
      commit: 'none',
      async onBatch(batch, context) {
        const outputs: OutgoingRecord[] = batch.records.map((r) => ({
          topic: output,
          key: r.key,
          value: bytes(text(r.value)!.toUpperCase()),
          headers: { from: `${r.partition}:${r.offset}` },
        }));
        await context.commit(outputs, batch.records.at(-1)!.offset + 1);
        committed.add(batch);
      },
    });
    await committed.waitForCount(6, { timeoutMs: session.waitTimeoutMs });

    await eventuallyEqual(() => bus.admin.groupOffsets(groupId, input), await bus.admin.endOffsets(input), {
      label: 'the committed group offsets to reach the log end',
      timeoutMs: session.waitTimeoutMs,
    });
    const outputs = await readUntil(bus, output, (rs) => rs.length >= 6, { timeoutMs: session.waitTimeoutMs });
    expect(outputs.map((r) => text(r.value)).sort()).toEqual(['HUALLAGA', 'LORETO', 'PUNO', 'PUTUMAYO', 'UCAYALI', 'VRAEM']);
  });

  it('an aborted commit leaves no visible output and does not move the group offset', async () => {
    const session = startSession(factory);
    const bus = await session.open();
    const input = await createTopic(bus, { prefix: 'in' });
    const output = await createTopic(bus, { prefix: 'out' });
    const missing = uniqueName('missing');
    const groupId = uniqueName('g');
    await bus.produce([{ topic: input, key: 'k', value: bytes('event') }]);

    let commitError: unknown;
    const { subscription } = await consume(bus, {
      groupId,
      topics: [input],
      transactionalId: uniqueName('tx'),
      commit: 'none',
      async onBatch(batch, context) {
        const next = batch.records.at(-1)!.offset + 1;
        commitError = await rejectionOf(
          context.commit(
            [
              { topic: output, key: 'k', value: bytes('good output') },
              { topic: missing, key: 'k', value: bytes('bad output') },
            ],
            next,
          ),
        );
        throw commitError;
      },
    });
    await expect(subscription.done).rejects.toBeDefined();
    expect(commitError).toMatchObject({ code: 'VIGIA_BUS_UNKNOWN_TOPIC' });

    expect(await bus.admin.groupOffsets(groupId, input)).toEqual([]);
    expect(await bus.admin.listTopics()).not.toContain(missing);
    await bus.produce([{ topic: output, key: 'sentinel', value: bytes('sentinel') }]);
    const seen = await readUntil(bus, output, (rs) => rs.some((r) => r.key === 'sentinel'), { timeoutMs: session.waitTimeoutMs });
    expect(seen.map((r) => text(r.value))).toEqual(['sentinel']);
  });

  it('a crash between handling and commit re-delivers rather than loses', async () => {
    const session = startSession(factory);
    const first = await session.open();
    const input = await createTopic(first, { prefix: 'in' });
    const output = await createTopic(first, { prefix: 'out' });
    const groupId = uniqueName('g');
    await first.produce(Array.from({ length: 6 }, (_, i) => ({ topic: input, key: `k${i}`, value: bytes(`m${i}`) })));

    const held = gate();
    const handled = new RecordCollector();
    let settleZombie!: (outcome: 'committed' | 'refused') => void;
    const zombieOutcome = new Promise<'committed' | 'refused'>((resolve) => (settleZombie = resolve));
    await consume(first, {
      groupId,
      topics: [input],
      maxBatchRecords: 2,
      commit: 'none',
      async onBatch(batch, context) {
        const next = batch.records.at(-1)!.offset + 1;
        if (next <= 2) return context.commit([], next);
        // Outputs produced, offsets not committed yet: the window a crash can hit.
        await first.produce(batch.records.map((r) => ({ topic: output, key: r.key, value: r.value })));
        handled.add(batch);
        await held.promise;
        if (!session.canCrash) return;
        try {
          await context.commit([], next);
          settleZombie('committed');
        } catch {
          settleZombie('refused');
        }
      },
    });
    onTestFinished(() => held.open()); // before the subscription is stopped, even if an assertion failed
    await handled.waitFor((rs) => rs.some((r) => r.offset === 2), { label: 'offset 2 handled', timeoutMs: session.waitTimeoutMs });

    if (session.canCrash) {
      await session.crash(first);
      held.open();
      // A handler that outlives its crashed bus must not be able to commit (a zombie).
      expect(await zombieOutcome).toBe('refused');
    } else {
      held.open();
      await session.crash(first);
    }

    const second = await session.open();
    expect(await second.admin.groupOffsets(groupId, input)).toEqual([{ partition: 0, offset: 2 }]);
    const { collector } = await consume(second, { groupId, topics: [input] });
    const again = await collector.waitForCount(4, { timeoutMs: session.waitTimeoutMs });
    expect(again.map((r: ConsumedRecord) => r.offset)).toEqual([2, 3, 4, 5]);
  });

  it('eachBatch throwing ends the subscription: done rejects with that error and nothing is committed', async () => {
    const session = startSession(factory);
    const bus = await session.open();
    const topic = await createTopic(bus);
    const groupId = uniqueName('g');
    await bus.produce([{ topic, key: 'k', value: bytes('poison') }]);
    const failure = new HandlerFailure('handler failed on purpose');

    const { subscription } = await consume(bus, {
      groupId,
      topics: [topic],
      onBatch() {
        throw failure;
      },
    });
    const error = await rejectionOf(subscription.done);
    expect(isOrCauses(error, failure), `done rejected with ${String(error)}`).toBe(true);
    await expect(subscription.stop()).resolves.toBeUndefined();
    expect(await bus.admin.groupOffsets(groupId, topic)).toEqual([]);

    const retry = await consume(bus, { groupId, topics: [topic] });
    const [again] = await retry.collector.waitForCount(1, { timeoutMs: session.waitTimeoutMs });
    expect(again).toMatchObject({ offset: 0, key: 'k' });
  });

  it('stop() lets the batch in flight finish and commit, and is idempotent; so is close()', async () => {
    const session = startSession(factory);
    const bus = await session.open();
    const topic = await createTopic(bus);
    const groupId = uniqueName('g');
    await bus.produce([{ topic, key: 'k', value: bytes('v') }]);

    const held = gate();
    const started = new RecordCollector();
    const events: string[] = [];
    let activeWhileStopping: boolean | undefined;
    const { subscription } = await consume(bus, {
      groupId,
      topics: [topic],
      commit: 'none',
      async onBatch(batch, context) {
        started.add(batch);
        await held.promise;
        activeWhileStopping = context.isActive();
        await context.commit([], batch.records.at(-1)!.offset + 1);
        events.push('batch finished');
      },
    });
    onTestFinished(() => held.open());
    await started.waitForCount(1, { timeoutMs: session.waitTimeoutMs });

    const stops = [subscription.stop(), subscription.stop()];
    void stops[0]!.then(() => events.push('stopped'));
    held.open();
    await Promise.all(stops);
    await subscription.stop();
    await expect(subscription.done).resolves.toBeUndefined();

    expect(events).toEqual(['batch finished', 'stopped']);
    expect(activeWhileStopping).toBe(false);
    expect(await bus.admin.groupOffsets(groupId, topic)).toEqual([{ partition: 0, offset: 1 }]);
    await bus.close();
    await bus.close();
  });
}
