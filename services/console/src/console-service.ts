import { randomUUID } from 'node:crypto';
import type { Bus, Subscription } from '@vigia/bus';
import { topicName, topicSpecs } from '@vigia/schemas';
import { listenHttp, type HttpAddress, type LifecycleComponent, type Readiness, type StartContext } from '@vigia/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { ActionLog } from './actions/action-log.ts';
import { AlertFeed } from './alerts/alert-feed.ts';
import { lookUpEvents } from './alerts/event-lookup.ts';
import { ConsoleError } from './console-errors.ts';
import { createConsoleApp } from './http/console-app.ts';
import type { ConsoleApiKey } from './http/roles.ts';
import type { WebAssets } from './http/web-routes.ts';
import { queryApiIndicatorSource, type IndicatorSource } from './indicators/indicator-source.ts';

export interface ConsoleServiceOptions {
  readonly bus: Bus;
  readonly logger: Logger;
  readonly apiKeys: readonly ConsoleApiKey[];
  /** Replay namespace; the live topics when absent. */
  readonly namespace?: string;
  /** Names this instance's consumer groups: each console instance reads every alert. */
  readonly instanceId: string;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 0: any free port (see `address`). */
  readonly port?: number;
  /** The aggregator query API's base URL, or another indicator source; none answers 503 on indicator routes. */
  readonly indicators?: IndicatorSource | string;
  readonly web?: WebAssets;
  readonly readiness?: Readiness;
  readonly ensureTopics?: boolean;
  readonly heartbeatMs?: number;
  readonly now?: () => Date;
}

export interface ConsoleService extends LifecycleComponent {
  readonly name: 'console';
  readonly server: FastifyInstance;
  readonly feed: AlertFeed;
  readonly actions: ActionLog;
  readonly address: HttpAddress | undefined;
  start(context: StartContext): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The operators' console as one lifecycle component: it follows
 * `vigia.alerts.v1` and `vigia.alert-actions.v1` in consumer groups of its
 * own, then serves the API and page. Stopping ends open streams first (a
 * browser reconnects elsewhere with its cursor), then the server, then the
 * subscriptions.
 */
export function createConsoleService(options: ConsoleServiceOptions): ConsoleService {
  const { bus, namespace } = options;
  const log = options.logger.child({ component: 'console' });
  const inNamespace = namespace === undefined ? {} : { namespace };
  const prefix = namespace === undefined ? '' : `${namespace}.`;
  const alertsTopic = topicName('vigia.alerts.v1', inNamespace);
  const actionsTopic = topicName('vigia.alert-actions.v1', inNamespace);
  const eventsTopic = topicName('vigia.events.v1', inNamespace);
  // A group of its own per start: the console rebuilds its view from the beginning of both topics every time,
  // which a group with committed offsets (a restart under the same instance id) would skip. Kafka expires the
  // offsets of groups no longer used (offsets.retention.minutes, 7 days by default).
  const run = randomUUID().slice(0, 8);
  const feed = new AlertFeed({ bus, logger: log, topic: alertsTopic, groupId: `${prefix}vigia-console-${options.instanceId}-${run}` });
  const actions = new ActionLog({
    bus,
    logger: log,
    topic: actionsTopic,
    groupId: `${prefix}vigia-console-actions-${options.instanceId}-${run}`,
    now: options.now ?? (() => new Date()),
  });
  const indicators = typeof options.indicators === 'string' ? queryApiIndicatorSource({ baseUrl: options.indicators }) : options.indicators;
  const app = createConsoleApp({
    logger: log,
    feed,
    actions,
    indicators,
    events: (eventIds) => lookUpEvents(bus, eventsTopic, eventIds),
    apiKeys: options.apiKeys,
    ...(options.web === undefined ? {} : { web: options.web }),
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
  });
  const subscriptions: Subscription[] = [];
  let address: HttpAddress | undefined;
  let started = false;
  let removeReadiness: (() => void) | undefined;

  return {
    name: 'console',
    server: app.server,
    feed,
    actions,
    get address() {
      return address;
    },
    async start(context) {
      if (started) throw new ConsoleError('VIGIA_CONSOLE_STATE_INVALID', 'the console was already started');
      started = true;
      if (options.ensureTopics ?? true)
        await bus.admin.ensureTopics(topicSpecs({ ...inNamespace, topics: ['vigia.alerts.v1', 'vigia.alert-actions.v1', 'vigia.events.v1'] }));
      for (const subscription of [await feed.start(), await actions.start()]) {
        subscriptions.push(subscription);
        subscription.done.catch((error: unknown) => context.fail(error));
      }
      const { host = '127.0.0.1', port = 0 } = options;
      try {
        address = await listenHttp(app.server, host, port);
      } catch (cause) {
        const message = cause instanceof Error ? cause.message : String(cause);
        throw new ConsoleError('VIGIA_CONSOLE_LISTEN_FAILED', `console cannot listen on ${host}:${port}: ${message}`, { cause, context: { host, port } });
      }
      removeReadiness = options.readiness?.add('console-alert-feed', () => (feed.isCaughtUp ? true : { ready: false, reason: 'reading the alerts topic' }));
      log.info({ url: address.url, alertsTopic, actionsTopic }, 'console listening');
    },
    async stop() {
      removeReadiness?.();
      app.endStreams();
      if (app.server.server.listening) await app.server.close();
      await Promise.all([feed.stop(), actions.stop()]);
    },
  };
}
