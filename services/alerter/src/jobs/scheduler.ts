import type { Bus } from '@vigia/bus';
import { cloudEventHeaders, cloudEventTypeOf, encodeTopicValue, type AlerterJob } from '@vigia/schemas';
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import { AlerterError } from '../alerter-errors.ts';
import { alerterSource } from '../evaluation/output-records.ts';

/** Cron schedules of the alerter; defaults documented in the README. */
export interface AlerterSchedules {
  /** Idle ticks / absence checks (live mode only). Default every minute: `* * * * *`; `false` disables. */
  readonly tickCron: string | false;
  /** Daily digest. Default `0 6 * * *` (06:00) in `timezone`; `false` disables. */
  readonly digestCron: string | false;
  /** IANA time zone of the cron expressions. Default `America/Lima`. */
  readonly timezone: string;
}

export const defaultSchedules: AlerterSchedules = Object.freeze({ tickCron: '* * * * *', digestCron: '0 6 * * *', timezone: 'America/Lima' });

export const dailyDigestJob = 'daily-digest';

/** A slot is the scheduled minute: every instance and every restart names the same slot the same way. */
export function slotOf(date: Date): string {
  return new Date(Math.floor(date.getTime() / 60_000) * 60_000).toISOString();
}

/**
 * Requests scheduled work on the jobs topic; it never does the work itself.
 * Every instance requests every slot: ticks go to every partition (a tick at
 * a slot is idempotent for the engine), the digest to partition 0 where the
 * owner of that partition runs it once per slot (claims in the same topic,
 * committed in the job's transaction). So two instances or a restart never
 * produce a slot's output twice.
 */
export class JobScheduler {
  readonly #bus: Bus;
  readonly #log: Logger;
  readonly #jobsTopic: string;
  readonly #partitions: number;
  readonly #schedules: AlerterSchedules;
  readonly #tasks: ScheduledTask[] = [];

  constructor(options: { bus: Bus; logger: Logger; jobsTopic: string; partitions: number; schedules: AlerterSchedules }) {
    this.#bus = options.bus;
    this.#log = options.logger.child({ component: 'alerter-scheduler' });
    this.#jobsTopic = options.jobsTopic;
    this.#partitions = options.partitions;
    this.#schedules = options.schedules;
    for (const [name, expression] of [
      ['tickCron', options.schedules.tickCron],
      ['digestCron', options.schedules.digestCron],
    ] as const) {
      if (expression !== false && !cron.validate(expression)) {
        throw new AlerterError('VIGIA_ALERTER_SCHEDULE_INVALID', `${name} is not a cron expression`, { context: { schedule: name, expression } });
      }
    }
  }

  start(): void {
    const { tickCron, digestCron, timezone } = this.#schedules;
    if (tickCron !== false)
      this.#tasks.push(
        cron.schedule(tickCron, (context) => this.#run(() => this.requestTick(context.date)), { timezone, name: 'alerter-tick', noOverlap: true }),
      );
    if (digestCron !== false)
      this.#tasks.push(
        cron.schedule(digestCron, (context) => this.#run(() => this.requestDigest(context.date)), { timezone, name: 'alerter-digest', noOverlap: true }),
      );
    this.#log.info({ schedules: this.#schedules }, 'scheduler started');
  }

  async stop(): Promise<void> {
    await Promise.all(this.#tasks.splice(0).map((task) => task.stop()));
  }

  /** Asks every partition to run the engine's timers at the slot of `at`. */
  async requestTick(at: Date): Promise<void> {
    const job: AlerterJob = { type: 'tick.requested', slot: slotOf(at) };
    await this.#produce(job, 'tick', [...Array(this.#partitions).keys()]);
  }

  /** Asks for the daily digest of the slot of `at` (the 24 h before it). */
  async requestDigest(at: Date): Promise<void> {
    const job: AlerterJob = { type: 'job.requested', job: dailyDigestJob, slot: slotOf(at) };
    await this.#produce(job, `job:${dailyDigestJob}`, [0]);
  }

  async #produce(job: AlerterJob, key: string, partitions: readonly number[]): Promise<void> {
    const value = encodeTopicValue('vigia.alerter.jobs.v1', job);
    const time = new Date();
    await this.#bus.produce(
      partitions.map((partition) => ({
        topic: this.#jobsTopic,
        key,
        partition,
        value,
        headers: cloudEventHeaders({
          id: `${key}:${'slot' in job ? job.slot : ''}:${partition}`,
          source: alerterSource,
          type: cloudEventTypeOf(this.#jobsTopic, job.type),
          time,
        }),
      })),
    );
  }

  #run(request: () => Promise<void>): Promise<void> {
    // A failed request is logged, never thrown into node-cron: the next slot tries again.
    return request().catch((error: unknown) => this.#log.error({ err: error }, 'scheduled request failed'));
  }
}
