import { createProcessor, perRecord, type Bus, type Processor } from '@vigia/bus';
import { cloudEventHeaders, cloudEventTypeOf, decodeTopicValue, encodeTopicValue, type AlerterJob } from '@vigia/schemas';
import type { Logger } from 'pino';
import { alerterSource } from '../evaluation/output-records.ts';

export interface ActionForwarderOptions {
  readonly bus: Bus;
  readonly logger: Logger;
  readonly groupId: string;
  readonly transactionalId: string | undefined;
  readonly actionsTopic: string;
  readonly jobsTopic: string;
  readonly dlqTopic: string;
  readonly partitions: number;
}

/**
 * Forwards every operator action to every partition of the jobs topic, in one
 * transaction with the actions topic's consumer position. Each evaluating
 * partition then applies the action exactly once, in order with its inputs:
 * acknowledgements reach the one instance owning the alert, silences all.
 */
export async function startActionForwarder(options: ActionForwarderOptions): Promise<Processor> {
  const processor = createProcessor(options.bus, {
    name: 'alerter-actions',
    groupId: options.groupId,
    inputTopics: [options.actionsTopic],
    dlqTopic: options.dlqTopic,
    logger: options.logger,
    ...(options.transactionalId === undefined ? {} : { transactionalId: options.transactionalId }),
    transform: perRecord((record) => {
      if (record.value === null) return { outputs: [] };
      const decoded = decodeTopicValue('vigia.alert-actions.v1', record.value);
      if (!decoded.ok)
        return {
          reject: {
            reason: decoded.reason,
            message: decoded.message,
            issues: decoded.issues.map((issue) => ({ path: String(issue.path), message: issue.message })),
          },
        };
      const job: AlerterJob = { type: 'action.forwarded', actionsOffset: record.offset, action: decoded.value };
      const value = encodeTopicValue('vigia.alerter.jobs.v1', job);
      const outputs = [...Array(options.partitions).keys()].map((partition) => ({
        topic: options.jobsTopic,
        key: `action:${record.offset}`,
        partition,
        value,
        headers: cloudEventHeaders({
          id: `action:${record.offset}:${partition}`,
          source: alerterSource,
          type: cloudEventTypeOf(options.jobsTopic, job.type),
          time: decoded.value.at,
        }),
      }));
      return { outputs };
    }),
  });
  await processor.start();
  return processor;
}
