import type { Bus } from '@vigia/bus';
import { admitChange, createChangeLedger, type ChangeLedger } from '@vigia/indicators';
import { decodeTopicValue } from '@vigia/schemas';
import type { Logger } from 'pino';

export interface RestoredLedger {
  readonly ledger: ChangeLedger;
  /** Changes read and admitted. */
  readonly records: number;
  /** Records that did not decode (they went to the DLQ when first consumed, so they never touched the ledger). */
  readonly skipped: number;
}

/**
 * Rebuilds the change ledger of one `vigia.events.v1` partition by admitting
 * again, in order, every change the fan-out group had committed
 * (`untilOffset` = the group's committed offset). The ledger is a pure
 * function of the changes admitted, so this gives exactly the ledger the lost
 * instance had after its last committed batch — no extra topic to keep in
 * step with the contributions. The cost is reading the partition from its
 * start, as the normalizer does to restore its own state.
 */
export async function restoreLedger(bus: Bus, eventsTopic: string, partition: number, untilOffset: number, logger: Logger): Promise<RestoredLedger> {
  const ledger = createChangeLedger();
  let records = 0;
  let skipped = 0;
  if (untilOffset <= 0) return { ledger, records, skipped };
  for await (const chunk of bus.readPartition(eventsTopic, partition, { untilOffset })) {
    for (const record of chunk) {
      if (record.offset >= untilOffset) continue;
      const decoded = record.value === null ? undefined : decodeTopicValue('vigia.events.v1', record.value);
      if (decoded === undefined || !decoded.ok) {
        skipped += 1;
        logger.debug({ topic: eventsTopic, partition, offset: record.offset }, 'skipping an undecodable change while restoring the ledger');
        continue;
      }
      try {
        admitChange(ledger, decoded.value);
        records += 1;
      } catch (error) {
        // The same change was rejected to the DLQ when it was first consumed; its partial effect is repeated here.
        skipped += 1;
        logger.debug({ err: error, topic: eventsTopic, partition, offset: record.offset }, 'a change failed again while restoring the ledger');
      }
    }
  }
  return { ledger, records, skipped };
}
