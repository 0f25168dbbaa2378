/**
 * What an adapter's spec hands to the shared Bus contract suite, and the
 * per-test wrapper the suite builds from it.
 */
import { onTestFinished } from 'vitest';
import type { Bus } from '../port.ts';
import { DEFAULT_WAIT_MS } from './test-helpers.ts';

/** Behaviour an adapter may lack; the suite skips the tests that need it. Both adapters have all of it. */
export interface BusContractCapabilities {
  /** Members of one group split the partitions and rebalance on join/leave. */
  readonly consumerGroups: boolean;
  /** A producer-given `timestampMs` is stored as the record time (Kafka: `CreateTime` topics). */
  readonly producerTimestamps: boolean;
}

export interface BusContractHarness {
  /**
   * A NEW bus on the same storage/cluster each call: closing one and opening
   * another simulates a process restart. The suite closes what it opens.
   */
  open(): Promise<Bus>;
  /**
   * Simulates the process dying: the bus is dropped without finishing batches
   * in flight or committing anything. Without it the suite lets the handler
   * return without committing and calls `close()`.
   */
  crash?(bus: Bus): Promise<void>;
  readonly capabilities?: Partial<BusContractCapabilities>;
  /** Upper bound of one wait in the suite; default 30 000 ms. */
  readonly waitTimeoutMs?: number;
}

/**
 * Builds a harness; called once per test, INSIDE the test, so it may create
 * per-test resources (a temporary data dir) and register `onTestFinished`.
 */
export type BusContractHarnessFactory = () => BusContractHarness;

export const defaultCapabilities: BusContractCapabilities = {
  consumerGroups: true,
  producerTimestamps: true,
};

/** The harness of one test, with buses closed when the test finishes. */
export interface ContractSession {
  readonly capabilities: BusContractCapabilities;
  readonly waitTimeoutMs: number;
  /** Opens a bus that is closed when the test finishes (closing twice is fine: close is idempotent). */
  open(): Promise<Bus>;
  /** Crash through the harness hook, or `close()` when it has none. */
  crash(bus: Bus): Promise<void>;
  readonly canCrash: boolean;
}

export function startSession(factory: BusContractHarnessFactory): ContractSession {
  const harness = factory();
  return {
    capabilities: { ...defaultCapabilities, ...harness.capabilities },
    waitTimeoutMs: harness.waitTimeoutMs ?? DEFAULT_WAIT_MS,
    canCrash: harness.crash !== undefined,
    async open() {
      const bus = await harness.open();
      onTestFinished(() => bus.close());
      return bus;
    },
    crash: (bus) => (harness.crash ? harness.crash(bus) : bus.close()),
  };
}
