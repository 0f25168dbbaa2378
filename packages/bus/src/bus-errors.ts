/**
 * Every error code `@vigia/bus` throws, declared once as data, and the base
 * class of the bus's errors. The adapters share codes where a failure means
 * the same thing (`VIGIA_BUS_UNKNOWN_TOPIC`, `VIGIA_BUS_CLOSED`…), so callers
 * branch on the code, never on the adapter or the message.
 */
import { VigiaError, type ErrorCodeDescriptions, type ErrorCodeOf, type VigiaErrorOptions } from '@vigia/schemas';

export const busErrorCodes = [
  'VIGIA_BUS_UNKNOWN_TOPIC',
  'VIGIA_BUS_UNKNOWN_PARTITION',
  'VIGIA_BUS_OFFSET_OUT_OF_RANGE',
  'VIGIA_BUS_RECORD_TOO_LARGE',
  'VIGIA_BUS_INVALID_ARGUMENT',
  'VIGIA_BUS_PRODUCE_FAILED',
  'VIGIA_BUS_COMMIT_FAILED',
  'VIGIA_BUS_PRODUCER_FENCED',
  'VIGIA_BUS_PARTITION_REVOKED',
  'VIGIA_BUS_SUBSCRIBE_FAILED',
  'VIGIA_BUS_CONSUMER_CRASHED',
  'VIGIA_BUS_GROUP_ACTIVE',
  'VIGIA_BUS_ADMIN_FAILED',
  'VIGIA_BUS_CLOSED',
  'VIGIA_BUS_DATA_DIR_LOCKED',
  'VIGIA_BUS_DATA_DIR_INCOMPATIBLE',
  'VIGIA_BUS_STORAGE_FAILED',
  'VIGIA_BUS_LOG_CORRUPT',
  'VIGIA_BUS_CONFIG_INVALID',
  'VIGIA_BUS_RETRIES_EXHAUSTED',
  'VIGIA_BUS_RECORD_REJECTED',
  'VIGIA_BUS_PROCESSOR_STATE',
  'VIGIA_BUS_RESTORE_FAILED',
] as const;

export type BusErrorCode = ErrorCodeOf<typeof busErrorCodes>;

/** What each code means and what to do about it, for `docs/errors.md`. */
export const busErrorDescriptions: ErrorCodeDescriptions<BusErrorCode> = {
  VIGIA_BUS_UNKNOWN_TOPIC:
    'A produce, commit, subscribe or admin call named a topic the cluster or embedded log does not have. ' +
    'Create the topics first (admin.ensureTopics; services do it at start) and check the name and namespace.',
  VIGIA_BUS_UNKNOWN_PARTITION:
    "A record or read asked for a partition the topic does not have. Use partitionForKey with the topic's partition count, " +
    'or grow the topic before writing to the new partitions.',
  VIGIA_BUS_OFFSET_OUT_OF_RANGE:
    "An offset outside the partition's [log start, log end]: retention may have deleted it. " +
    'Pick an offset inside the range, or reset the group by time or to earliest.',
  VIGIA_BUS_RECORD_TOO_LARGE:
    'One record is larger than the broker or topic accepts (message.max.bytes) or than the embedded maxRecordBytes. ' +
    'Shrink or split the payload, or raise the limit on the topic and the broker.',
  VIGIA_BUS_INVALID_ARGUMENT:
    "A call's arguments are unusable (negative offset, empty group id, keyless record on a compacted topic, " +
    'non-string header…). A programming error: fix the caller; retrying does not help.',
  VIGIA_BUS_PRODUCE_FAILED:
    'Records could not be appended. Retriable when the broker said so (leader change, timeout); ' + 'otherwise check broker health, ACLs and the cause.',
  VIGIA_BUS_COMMIT_FAILED:
    'Committing a batch (outputs and offsets) failed; in a transaction nothing of it became visible. ' +
    'The processor retries retriable failures and then reprocesses the batch; check broker health if it persists.',
  VIGIA_BUS_PRODUCER_FENCED:
    'Another instance with the same transactional id took over: this one is a zombie and must stop. ' +
    'Normal during a rebalance or a redeploy; if it repeats, look for two instances sharing an instance id.',
  VIGIA_BUS_PARTITION_REVOKED:
    'A commit for a partition this member no longer owns (the group rebalanced). Nothing is lost: ' +
    'the new owner re-reads from the last commit. Frequent occurrences mean session timeouts are too short.',
  VIGIA_BUS_SUBSCRIBE_FAILED:
    'The consumer could not join its group or subscribe. Check the brokers are reachable, the topics exist and ' + 'the group ACLs allow the client.',
  VIGIA_BUS_CONSUMER_CRASHED:
    'The Kafka client gave up on the consumer (e.g. the cluster stayed unreachable). The stage stops; ' +
    'restore the cluster and restart the service (it resumes from the committed offsets).',
  VIGIA_BUS_GROUP_ACTIVE:
    'Group offsets can only be set while the group has no live members. Stop the services of that group first, ' + 'then reset the offsets.',
  VIGIA_BUS_ADMIN_FAILED:
    'An admin operation (create, describe or delete topics, offsets by time) failed. Check broker health, ' +
    'ACLs and that the topic settings are valid for the cluster.',
  VIGIA_BUS_CLOSED:
    'The bus was closed (or the embedded log crashed); nothing more can go through it. ' + 'Create a new bus; during shutdown this is expected.',
  VIGIA_BUS_DATA_DIR_LOCKED:
    'Another process (or another open bus in this one) holds the embedded data directory. ' + 'Stop the other process, or point VIGIA_DATA_DIR elsewhere.',
  VIGIA_BUS_DATA_DIR_INCOMPATIBLE:
    'The embedded data directory was written by an incompatible format version. ' +
    'Use the Vigía version that wrote it, or start with an empty VIGIA_DATA_DIR and replay.',
  VIGIA_BUS_STORAGE_FAILED:
    'Reading or writing the embedded log on disk failed (disk full, permissions, I/O error); see the cause. ' +
    'Fix the disk and reopen the bus: recovery drops only a torn final transaction, never committed data.',
  VIGIA_BUS_LOG_CORRUPT:
    'The embedded log file is damaged somewhere other than a torn final write (a record whose checksum does not match, ' +
    'or a SQLite page SQLite reports corrupt); the message names the file, topic, partition and offset. The log stops ' +
    'rather than skip or delete data: restore the data directory from a backup, or start an empty one and replay.',
  VIGIA_BUS_CONFIG_INVALID:
    'The environment does not describe a usable bus (KAFKA_*, VIGIA_DATA_DIR, VIGIA_FSYNC); ' + '`issues` lists every bad variable with how to fix it.',
  VIGIA_BUS_RETRIES_EXHAUSTED:
    'A retriable failure kept failing until the retry budget ran out; the cause is the last failure. ' +
    'The stage stops without committing; fix the cause (usually broker reachability) and restart.',
  VIGIA_BUS_RECORD_REJECTED:
    'A transform refused one record with a reason; the processor sends it to the DLQ and goes on. ' +
    "Inspect the DLQ record's reason and issues, fix the source data and re-ingest it.",
  VIGIA_BUS_PROCESSOR_STATE:
    'A processor method was called in a state that does not allow it (start twice, start after stop). ' +
    'A programming error: create a new processor for each run.',
  VIGIA_BUS_RESTORE_FAILED:
    "A stateful stage could not rebuild a partition's state from its state topic on assignment; see the cause. " +
    "Retriable causes (broker unreachable) are tried again before the partition's next batch; otherwise fix the cause and restart.",
};

/** A failure raised by the bus; branch on `code`, never on the message. */
export class BusError<Code extends BusErrorCode = BusErrorCode> extends VigiaError<Code> {
  constructor(code: Code, message: string, options?: VigiaErrorOptions) {
    super(code, message, options);
  }
}
