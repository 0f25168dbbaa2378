import { randomUUID } from 'node:crypto';
import type { Bus, Subscription } from '@vigia/bus';
import { alertActionSchema, cloudEventHeaders, cloudEventTypeOf, decodeJsonWith, encodeTopicValue, type AlertAction } from '@vigia/schemas';
import type { Logger } from 'pino';
import { toAmMatcher, toLabelMatcher, type GettableSilence, type PostableSilence } from './silence-shape.ts';

export const consoleSource = '/vigia/console';

/** Fields every action needs that the caller supplies: who acted. The rest (id, time) are set here. */
export type ActionInput = DistributiveOmit<AlertAction, 'actionId' | 'at'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface ActionLogOptions {
  readonly bus: Bus;
  readonly logger: Logger;
  /** `vigia.alert-actions.v1` (namespaced). One partition: every action in one order. */
  readonly topic: string;
  readonly groupId: string;
  readonly now: () => Date;
}

interface SilenceRecord {
  readonly created: Extract<AlertAction, { type: 'silence.created' }>;
  removed?: Extract<AlertAction, { type: 'silence.removed' }>;
}

/**
 * The console's side of `vigia.alert-actions.v1`: it appends operators'
 * actions (each with who and when, and its action id as CloudEvents id) and
 * follows the topic to list silences — including those other console
 * instances or tools created. Every alerter instance applies the same records
 * through its action forwarder, so an action is honoured wherever the alert is
 * evaluated.
 */
export class ActionLog {
  readonly #options: ActionLogOptions;
  readonly #log: Logger;
  readonly #silences = new Map<string, SilenceRecord>();
  #subscription: Subscription | undefined;

  constructor(options: ActionLogOptions) {
    this.#options = options;
    this.#log = options.logger.child({ component: 'console-actions' });
  }

  async start(): Promise<Subscription> {
    this.#subscription = await this.#options.bus.subscribe({
      groupId: this.#options.groupId,
      topics: [this.#options.topic],
      startFrom: 'earliest',
      eachBatch: async (batch, context) => {
        for (const record of batch.records) {
          if (record.value === null) continue;
          const decoded = decodeJsonWith(alertActionSchema, record.value);
          if (decoded.ok) this.#apply(decoded.value);
          else this.#log.warn({ offset: record.offset, reason: decoded.reason }, 'action record skipped');
        }
        const last = batch.records.at(-1);
        if (last !== undefined) await context.commit([], last.offset + 1);
      },
    });
    return this.#subscription;
  }

  async stop(): Promise<void> {
    await this.#subscription?.stop();
  }

  /** Appends one action and returns it as recorded. The list of silences shows it once the feed has read it back. */
  async record(input: ActionInput): Promise<AlertAction> {
    const action = { ...input, actionId: randomUUID(), at: this.#options.now().toISOString() } as AlertAction;
    const key = 'fingerprint' in action ? action.fingerprint : `silence:${action.silenceId}`;
    await this.#options.bus.produce([
      {
        topic: this.#options.topic,
        key,
        value: encodeTopicValue('vigia.alert-actions.v1', action),
        headers: cloudEventHeaders({
          id: action.actionId,
          source: consoleSource,
          type: cloudEventTypeOf(this.#options.topic, action.type),
          time: action.at,
          subject: key,
        }),
      },
    ]);
    this.#log.info({ type: action.type, by: action.by, key, actionId: action.actionId }, 'operator action recorded');
    this.#apply(action);
    return action;
  }

  async createSilence(by: string, silence: PostableSilence): Promise<GettableSilence> {
    const silenceId = randomUUID();
    await this.record({
      type: 'silence.created',
      by,
      silenceId,
      matchers: silence.matchers.map(toLabelMatcher),
      until: silence.endsAt,
      comment: silence.comment,
    });
    return this.silence(silenceId)!;
  }

  /** Ends a silence now; `undefined` when no such silence exists. An expired one is returned unchanged. */
  async expireSilence(by: string, silenceId: string): Promise<GettableSilence | undefined> {
    const known = this.silence(silenceId);
    if (known === undefined || known.status.state === 'expired') return known;
    await this.record({ type: 'silence.removed', by, silenceId });
    return this.silence(silenceId);
  }

  silence(silenceId: string): GettableSilence | undefined {
    const record = this.#silences.get(silenceId);
    return record === undefined ? undefined : this.#shape(record);
  }

  /** Every silence, active ones first, newest first within each state. */
  silences(): GettableSilence[] {
    const all = [...this.#silences.values()].map((record) => this.#shape(record));
    return all.sort((a, b) => (a.status.state === b.status.state ? b.startsAt.localeCompare(a.startsAt) : a.status.state === 'active' ? -1 : 1));
  }

  // Applied when recorded and again when read back; the second time changes nothing (same action id).
  #apply(action: AlertAction): void {
    if (action.type === 'silence.created') {
      if (!this.#silences.has(action.silenceId)) this.#silences.set(action.silenceId, { created: action });
    } else if (action.type === 'silence.removed') {
      const record = this.#silences.get(action.silenceId);
      if (record !== undefined && record.removed === undefined) record.removed = action;
    }
  }

  #shape(record: SilenceRecord): GettableSilence {
    const { created, removed } = record;
    const endsAt = removed !== undefined && Date.parse(removed.at) < Date.parse(created.until) ? removed.at : created.until;
    const expired = Date.parse(endsAt) <= this.#options.now().getTime();
    return {
      id: created.silenceId,
      status: { state: expired ? 'expired' : 'active' },
      updatedAt: removed?.at ?? created.at,
      matchers: created.matchers.map(toAmMatcher),
      startsAt: created.at,
      endsAt,
      createdBy: created.by,
      comment: created.comment,
      ...(removed === undefined ? {} : { expiredBy: removed.by }),
    };
  }
}
