import { createEngine, loadRules, type Engine, type EngineOptions, type Rule, type RuleFileError } from '@vigia/rules';
import type { MetricsRegistry } from '@vigia/service-kit';
import type { Logger } from 'pino';

/** What the alerter reports about its rule file (readiness detail, logs). */
export interface RuleSetStatus {
  /** False when the latest load failed; the previous rules stay in force. */
  readonly ok: boolean;
  readonly ruleCount: number;
  readonly loadedAt: string | null;
  readonly errors: readonly RuleFileError[];
}

export interface RuleSetOptions {
  readonly logger: Logger;
  readonly metrics?: MetricsRegistry;
  readonly regionName?: EngineOptions['regionName'];
  readonly targetRegionsOf?: EngineOptions['targetRegionsOf'];
  readonly now?: () => Date;
}

/**
 * The rules in force, split for the two evaluation stages: single-event rules
 * are evaluated by the stage keyed by event, every other kind by the stage
 * keyed by region. A rule file that does not load is logged with line and
 * field and changes nothing: the previous rules stay in force.
 */
export class RuleSet {
  readonly #log: Logger;
  readonly #options: RuleSetOptions;
  readonly #loadFailures;
  readonly #rulesGauge;
  #rules: readonly Rule[] = [];
  #regionEngine: Engine;
  #eventEngine: Engine;
  #status: RuleSetStatus = { ok: true, ruleCount: 0, loadedAt: null, errors: [] };

  constructor(options: RuleSetOptions) {
    this.#options = options;
    this.#log = options.logger.child({ component: 'alerter-rules' });
    this.#loadFailures = options.metrics?.counter({
      name: 'vigia_alerter_rule_load_failures_total',
      help: 'Rule files refused (previous rules stayed in force)',
    });
    this.#rulesGauge = options.metrics?.gauge({ name: 'vigia_alerter_rules', help: 'Rules in force' });
    this.#regionEngine = this.#engine([]);
    this.#eventEngine = this.#engine([]);
  }

  /** Loads a rule file; true when it replaced the rules in force. Never throws. */
  load(text: string, source = 'rules'): boolean {
    const loaded = loadRules(text);
    const at = (this.#options.now?.() ?? new Date()).toISOString();
    if (!loaded.ok) {
      this.#loadFailures?.inc();
      this.#status = { ok: false, ruleCount: this.#rules.length, loadedAt: this.#status.loadedAt, errors: loaded.errors };
      this.#log.error({ source, errors: loaded.errors, rulesInForce: this.#rules.length }, 'rule file refused; previous rules stay in force');
      return false;
    }
    this.#rules = loaded.rules;
    this.#regionEngine = this.#engine(loaded.rules.filter((rule) => rule.kind !== 'single-event'));
    this.#eventEngine = this.#engine(loaded.rules.filter((rule) => rule.kind === 'single-event'));
    this.#status = { ok: true, ruleCount: loaded.rules.length, loadedAt: at, errors: [] };
    this.#rulesGauge?.set(loaded.rules.length);
    this.#log.info({ source, rules: loaded.rules.map((rule) => rule.id) }, 'rules loaded');
    return true;
  }

  get rules(): readonly Rule[] {
    return this.#rules;
  }

  /** Engine of the region-keyed stage (every kind but single-event). */
  get regionEngine(): Engine {
    return this.#regionEngine;
  }

  /** Engine of the event-keyed stage (single-event rules only). */
  get eventEngine(): Engine {
    return this.#eventEngine;
  }

  get status(): RuleSetStatus {
    return this.#status;
  }

  #engine(rules: readonly Rule[]): Engine {
    return createEngine({
      rules,
      ...(this.#options.regionName === undefined ? {} : { regionName: this.#options.regionName }),
      ...(this.#options.targetRegionsOf === undefined ? {} : { targetRegionsOf: this.#options.targetRegionsOf }),
    });
  }
}
