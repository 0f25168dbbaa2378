import type { Bus } from '@vigia/bus';

/**
 * Counts a topic's records by a label read from each value (a DLQ reason, a
 * change type), reading every partition up to its end. Counting records, not
 * offsets: on Kafka, transaction markers take offsets too.
 */
export async function tallyTopic(bus: Bus, topic: string, labelOf: (value: unknown) => string): Promise<Map<string, number>> {
  const tally = new Map<string, number>();
  const decoder = new TextDecoder();
  for (const { partition } of await bus.admin.endOffsets(topic)) {
    for await (const chunk of bus.readPartition(topic, partition)) {
      for (const record of chunk) {
        if (record.value === null) continue;
        const label = labelOf(JSON.parse(decoder.decode(record.value)));
        tally.set(label, (tally.get(label) ?? 0) + 1);
      }
    }
  }
  return tally;
}
