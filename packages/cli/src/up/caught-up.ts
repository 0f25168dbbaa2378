import type { AggregatorService } from '@vigia/aggregator';
import type { AlerterService } from '@vigia/alerter';
import type { Bus } from '@vigia/bus';
import type { NormalizerStage } from '@vigia/normalizer';
import { CliError } from '../cli-errors.ts';

/** A consumer group and one topic it reads. */
export interface GroupInput {
  readonly groupId: string;
  readonly topic: string;
}

/** Every consumer group of the pipeline's stages with the topics it reads. */
export function pipelineGroupInputs(stages: {
  readonly normalizer: Pick<NormalizerStage, 'groupId' | 'topics'>;
  readonly aggregator: Pick<AggregatorService, 'groupIds' | 'topics'>;
  readonly alerter: Pick<AlerterService, 'groupIds' | 'topics'>;
}): GroupInput[] {
  const { normalizer, aggregator, alerter } = stages;
  return [
    { groupId: normalizer.groupId, topic: normalizer.topics.raw },
    { groupId: aggregator.groupIds.fanOut, topic: aggregator.topics.events },
    { groupId: aggregator.groupIds.aggregate, topic: aggregator.topics.contributions },
    { groupId: alerter.groupIds.regions, topic: alerter.topics.indicators },
    { groupId: alerter.groupIds.regions, topic: alerter.topics.contributions },
    { groupId: alerter.groupIds.events, topic: alerter.topics.events },
  ];
}

/** Records still to be processed by `input`'s group: log end minus committed offset, over all partitions. */
export async function lagOf(bus: Bus, input: GroupInput): Promise<number> {
  const [ends, committed] = await Promise.all([bus.admin.endOffsets(input.topic), bus.admin.groupOffsets(input.groupId, input.topic)]);
  const position = new Map(committed.map((p) => [p.partition, p.offset]));
  return ends.reduce((lag, end) => lag + Math.max(0, end.offset - (position.get(end.partition) ?? 0)), 0);
}

export interface WaitForCaughtUpOptions {
  readonly pollMs?: number;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Called after every poll with the total lag, for progress output. */
  onLag?(totalLag: number): void;
}

/**
 * Resolves once every group has processed everything on its topics, the same
 * answer on two polls in a row: a stage that catches up writes to the next
 * stage's topic, so one quiet poll can come before the next stage's input.
 */
export async function waitForCaughtUp(bus: Bus, inputs: readonly GroupInput[], options: WaitForCaughtUpOptions = {}): Promise<void> {
  const pollMs = options.pollMs ?? 250;
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  let quietPolls = 0;
  while (quietPolls < 2) {
    options.signal?.throwIfAborted();
    const lags = await Promise.all(inputs.map((input) => lagOf(bus, input)));
    const total = lags.reduce((sum, lag) => sum + lag, 0);
    options.onLag?.(total);
    quietPolls = total === 0 ? quietPolls + 1 : 0;
    if (Date.now() > deadline) {
      throw new CliError('VIGIA_CLI_PIPELINE_STALLED', `the pipeline did not catch up: ${total} records still to process`, {
        context: { lag: total },
      });
    }
    if (quietPolls < 2) await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
