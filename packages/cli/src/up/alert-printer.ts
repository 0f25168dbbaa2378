import type { Bus, Subscription } from '@vigia/bus';
import { alertSchema, decodeJsonWith, type Alert } from '@vigia/schemas';
import type { OutputStream } from '../cli-io.ts';
import { alerterHeaders } from '@vigia/alerter';
import { formatAlertLine } from './alert-line.ts';

const changeHeader = alerterHeaders.change;

export interface AlertPrinterOptions {
  readonly bus: Bus;
  readonly topic: string;
  readonly groupId: string;
  readonly out: OutputStream;
  readonly color: boolean;
  /** Print pending and updated records too, not only firing and resolved. */
  readonly allTransitions: boolean;
}

/**
 * Follows the alerts topic and prints each transition as a line; keeps the
 * latest record per fingerprint so a summary can say what is firing now.
 */
export class AlertPrinter {
  readonly latest = new Map<string, Alert>();
  #subscription: Subscription | undefined;
  readonly #options: AlertPrinterOptions;

  constructor(options: AlertPrinterOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    const { bus, topic, groupId, out, color, allTransitions } = this.#options;
    this.#subscription = await bus.subscribe({
      groupId,
      topics: [topic],
      startFrom: 'earliest',
      eachBatch: async (batch, context) => {
        for (const record of batch.records) {
          if (record.value === null) continue;
          // The topic's contract decides; a record off it is skipped, never a reason to stop printing.
          const decoded = decodeJsonWith(alertSchema, record.value);
          if (!decoded.ok) continue;
          const alert = decoded.value;
          const previous = this.latest.get(alert.fingerprint);
          this.latest.set(alert.fingerprint, alert);
          const changedState = previous?.state !== alert.state;
          if (allTransitions || (changedState && alert.state !== 'pending')) {
            const change = record.headers[changeHeader];
            out.write(`${formatAlertLine(alert, { color, ...(change === undefined ? {} : { change }) })}\n`);
          }
        }
        const last = batch.records.at(-1);
        if (last !== undefined) await context.commit([], last.offset + 1);
      },
    });
  }

  async stop(): Promise<void> {
    await this.#subscription?.stop();
  }

  /** Alerts whose latest record is firing, most severe first. */
  firing(): Alert[] {
    const rank = { critical: 0, warning: 1, info: 2 } as const;
    return [...this.latest.values()].filter((a) => a.state === 'firing').sort((a, b) => rank[a.severity] - rank[b.severity]);
  }
}
