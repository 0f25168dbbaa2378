/**
 * Test support for Bus adapters and for code built on the Bus port: the shared
 * contract suite and helpers that wait for records instead of sleeping.
 * Import from test files only (it depends on vitest).
 */
export { describeBusContract } from './bus-contract.ts';
export type { BusContractCapabilities, BusContractHarness, BusContractHarnessFactory } from './contract-harness.ts';
export {
  byPartition,
  bytes,
  consume,
  createTopic,
  DEFAULT_WAIT_MS,
  EventLog,
  readUntil,
  RecordCollector,
  rejectionOf,
  text,
  uniqueName,
  WaitTimeoutError,
} from './test-helpers.ts';
export type { Consumer, ConsumeOptions } from './test-helpers.ts';
