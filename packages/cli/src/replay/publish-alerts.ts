import { transitionRecord } from '@vigia/alerter';
import type { Bus } from '@vigia/bus';
import type { RecordedTransition } from '@vigia/replay';
import { topicName, topicSpecs } from '@vigia/schemas';

/** Records per produce call: a backtest of years writes tens of thousands. */
const chunkRecords = 500;

/**
 * `vigia replay --write-namespace`: the alert transitions of the first rule
 * set that happened within [from, to], written to `vigia.alerts.v1` of an
 * isolated namespace as the alerter would have written them — so the console
 * (run with `VIGIA_NAMESPACE`) and any subscriber can browse a backtest — but
 * with `notify` false, so no notifier ever pages for history. The namespace
 * is required: a replay never writes to a live topic. Returns the topic and
 * how many records went to it.
 */
export async function publishReplayAlerts(
  bus: Bus,
  namespace: string,
  transitions: readonly RecordedTransition[],
  range: { readonly from: string; readonly to: string },
): Promise<{ readonly topic: string; readonly records: number }> {
  const topic = topicName('vigia.alerts.v1', { namespace });
  await bus.admin.ensureTopics(topicSpecs({ namespace, topics: ['vigia.alerts.v1'] }));
  const records = transitions
    .filter(({ alert }) => alert.updatedAt.slice(0, 10) >= range.from && alert.updatedAt.slice(0, 10) <= range.to)
    .map(({ change, alert }) => transitionRecord({ alerts: topic }, { change, alert, notify: false, suppressedBy: null }));
  for (let start = 0; start < records.length; start += chunkRecords) await bus.produce(records.slice(start, start + chunkRecords));
  return { topic, records: records.length };
}
