/** The embedded Bus adapter: an on-disk log with Kafka's semantics, in one process. */
export { createEmbeddedBus } from './embedded-bus.ts';
export { EmbeddedBusError, embeddedBusErrorCodes } from './embedded-errors.ts';
export type { EmbeddedBusErrorCode, EmbeddedBusErrorContext } from './embedded-errors.ts';
export { embeddedBusDefaults } from './embedded-options.ts';
export type { EmbeddedBusOptions, FsyncPolicy } from './embedded-options.ts';
