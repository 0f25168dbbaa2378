import type { Bus } from '@vigia/bus';
import { decodeJsonWith } from '@vigia/schemas';
import { z } from 'zod';

/** Every value on our topics is a JSON object discriminated on `type`; a DLQ record also has `reason`. */
const labelledValue = z.looseObject({ type: z.string(), reason: z.string().optional() });
export type LabelledValue = z.infer<typeof labelledValue>;

/**
 * Counts a topic's records by a label read from each value (a DLQ reason, a
 * change type), reading every partition up to its end. Counting records, not
 * offsets: on Kafka, transaction markers take offsets too.
 */
export async function tallyTopic(bus: Bus, topic: string, labelOf: (value: LabelledValue) => string): Promise<Map<string, number>> {
  const tally = new Map<string, number>();
  for (const { partition } of await bus.admin.endOffsets(topic)) {
    for await (const chunk of bus.readPartition(topic, partition)) {
      for (const record of chunk) {
        if (record.value === null) continue;
        const decoded = decodeJsonWith(labelledValue, record.value);
        const label = decoded.ok ? labelOf(decoded.value) : decoded.reason;
        tally.set(label, (tally.get(label) ?? 0) + 1);
      }
    }
  }
  return tally;
}
