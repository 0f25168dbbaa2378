/**
 * The behaviour every Bus adapter must have, as one vitest suite. Each
 * adapter's `*.int.spec.ts` calls `describeBusContract` with a harness and
 * runs it unchanged, so the embedded log and Kafka cannot drift apart.
 *
 * The suite talks to the adapter only through the port, uses its own topics
 * and groups per test (random UUID names), waits for conditions rather than
 * time, and closes everything it opens with `onTestFinished`.
 */
import { describe } from 'vitest';
import { describeAdminContract } from './contract-admin.ts';
import { describeCommitContract } from './contract-commit.ts';
import { describeGroupContract } from './contract-groups.ts';
import type { BusContractHarnessFactory } from './contract-harness.ts';
import { describeProduceContract } from './contract-produce.ts';
import { describeReadContract } from './contract-read.ts';

export type { BusContractCapabilities, BusContractHarness, BusContractHarnessFactory } from './contract-harness.ts';

/**
 * Registers the Bus contract suite for one adapter.
 *
 * @param adapterName shown in test names, e.g. `'embedded'` or `'kafka'`.
 * @param harness called once per test, inside the test; see {@link BusContractHarness}.
 */
export function describeBusContract(adapterName: string, harness: BusContractHarnessFactory): void {
  describe(`Bus contract: ${adapterName}`, () => {
    describe('produce and read back', () => describeProduceContract(harness));
    describe('admin', () => describeAdminContract(harness));
    describe('reading a partition', () => describeReadContract(harness));
    describe('consumer groups and replay', () => describeGroupContract(harness));
    describe('commit, failure and shutdown', () => describeCommitContract(harness));
  });
}
