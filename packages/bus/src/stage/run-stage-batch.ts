import type { ConsumedRecord, OutgoingRecord } from '../port.ts';
import { applyIsolated, type RecordOutcome, type TransformContext } from '../transform.ts';
import type { StageBatch, StatefulStageDefinition } from './stateful-stage.ts';

/** What one batch of a definition gave, as `runStageBatch` ran it. */
export interface StageBatchRun<State> {
  /** Each record's outcome, in order: its outputs or its rejection. */
  readonly outcomes: readonly RecordOutcome[];
  /** What `finish` returned. */
  readonly finished: readonly OutgoingRecord[];
  /** The state after the batch: the last `setState`, or the state it began with (put back when it aborted). */
  readonly state: State;
}

/**
 * Runs one batch through a stage definition's hooks in the scaffold's order —
 * `begin`, each record isolated as the scaffold isolates it, `finish`, then
 * `committed` or `aborted` — without a bus, a loop or metrics (`batch.count`
 * counts nothing). For tests of a stage's domain logic.
 */
export async function runStageBatch<State, Scratch>(
  definition: StatefulStageDefinition<State, Scratch>,
  state: State,
  records: readonly ConsumedRecord[],
  end: 'committed' | 'aborted',
  where: TransformContext = { topic: records[0]?.topic ?? 'input', partition: records[0]?.partition ?? 0 },
): Promise<StageBatchRun<State>> {
  let current = state;
  const batch: StageBatch<State, Scratch> = {
    topic: where.topic,
    partition: where.partition,
    get state() {
      return current;
    },
    setState: (next) => (current = next),
    scratch: definition.begin?.(state, where) as Scratch,
    count: () => {},
  };
  const outcomes: RecordOutcome[] = [];
  for (const record of records) outcomes.push(await applyIsolated((input) => definition.process(input, batch), record, where));
  const finished = definition.finish?.(batch) ?? [];
  definition[end]?.(batch);
  return { outcomes, finished, state: end === 'aborted' ? state : current };
}
