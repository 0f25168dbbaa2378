package pe.vigia.bench.peer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the peer did, summed over its stream threads and printed on shutdown for the benchmark.
 * Counted when processed: records that exactly-once re-processes (after a rebalance moved a task
 * mid-transaction) count twice; the benchmark then sees more events than it produced and says so.
 */
final class Counters {
  static final AtomicLong events = new AtomicLong();
  /** Changes the peer cannot aggregate (revisions, retractions, surveys, malformed JSON, unknown places). */
  static final AtomicLong unsupported = new AtomicLong();
  static final AtomicLong contributions = new AtomicLong();
  /** Contributions whose day was at or behind the retention horizon when they arrived. */
  static final AtomicLong dropped = new AtomicLong();

  private Counters() {}

  static String json() {
    return String.format(
        "{\"events\":%d,\"unsupported\":%d,\"contributions\":%d,\"dropped\":%d}",
        events.get(), unsupported.get(), contributions.get(), dropped.get());
  }
}
