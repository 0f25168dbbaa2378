package pe.vigia.bench.peer;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The aggregate: daily buckets per (region, metric) in a changelog-backed window store, and the
 * 7/30/90/365-day trailing sums per (region, metric) in a changelog-backed key-value store,
 * updated incrementally: when the task's stream day moves from the series' last as-of day A to S,
 * each window subtracts the buckets that left it (days A−w+1 … S−w) instead of re-adding every
 * bucket. Windows end on, and include, the as-of day, as Vigía's do.
 *
 * Retention is Vigía's rule: stream time is the task's (one repartition partition's) maximum
 * event day, and a contribution dated at or before stream day − retentionDays is dropped and
 * counted — the same horizon the aggregator applies per contributions partition.
 *
 * Output per touched series: {@code region|metric} → {@code asOf<TAB>sum7<TAB>events7<TAB>…sum365<TAB>events365}.
 */
final class TrailingSums implements Processor<String, String, String, String> {
  static final String bucketStore = "daily-buckets";
  static final String trailingStore = "trailing-sums";
  static final int[] windowDays = {7, 30, 90, 365};
  private static final long dayMs = FanOut.dayMs;
  private final int retentionDays;
  private ProcessorContext<String, String> context;
  private WindowStore<String, byte[]> buckets;
  private KeyValueStore<String, byte[]> trailing;

  TrailingSums(int retentionDays) {
    this.retentionDays = retentionDays;
  }

  @Override
  public void init(ProcessorContext<String, String> context) {
    this.context = context;
    this.buckets = context.getStateStore(bucketStore);
    this.trailing = context.getStateStore(trailingStore);
  }

  @Override
  public void process(Record<String, String> record) {
    Contribution contribution = Contribution.decode(record.value());
    long day = contribution.day();
    // The task's stream time already includes this record's timestamp (event day).
    long streamDay = Math.max(Math.floorDiv(context.currentStreamTimeMs(), dayMs), day);
    if (day <= streamDay - retentionDays) {
      Counters.dropped.incrementAndGet();
      return;
    }
    Counters.contributions.incrementAndGet();
    for (Map.Entry<String, Double> delta : contribution.deltas().entrySet()) {
      String key = record.key() + "|" + delta.getKey();
      Sums sums = Sums.decode(trailing.get(key), streamDay);
      shift(key, sums, streamDay);
      addToBucket(key, day, delta.getValue(), contribution.eventCountDelta());
      for (int w = 0; w < windowDays.length; w++) {
        if (day > streamDay - windowDays[w]) {
          sums.values[w] += delta.getValue();
          sums.events[w] += contribution.eventCountDelta();
        }
      }
      trailing.put(key, sums.encode());
      context.forward(new Record<>(key, sums.text(), streamDay * dayMs));
    }
  }

  /**
   * Moves a series' windows from its as-of day to the stream day. Every bucket of the series is
   * dated on or before its as-of day (each bucket write moved it there), so only leaving buckets
   * matter. When the leaving days reach back to where the window store may already have dropped
   * segments, the window is summed afresh from the retained days it now covers (all empty but
   * for later writes, so this is rare and bounded by the window's length).
   */
  private void shift(String key, Sums sums, long streamDay) {
    long asOf = sums.asOfDay;
    if (asOf >= streamDay) return;
    for (int w = 0; w < windowDays.length; w++) {
      int days = windowDays[w];
      long firstLeaving = asOf - days + 1;
      long lastLeaving = Math.min(asOf, streamDay - days);
      if (lastLeaving < firstLeaving) continue;
      if (streamDay - days >= asOf) {
        sums.values[w] = 0;
        sums.events[w] = 0;
      } else if (firstLeaving <= streamDay - retentionDays) {
        sumAfresh(key, sums, w, streamDay);
      } else {
        try (WindowStoreIterator<byte[]> leaving = buckets.fetch(key, firstLeaving * dayMs, lastLeaving * dayMs)) {
          while (leaving.hasNext()) {
            ByteBuffer bucket = ByteBuffer.wrap(leaving.next().value);
            sums.values[w] -= bucket.getDouble();
            sums.events[w] -= bucket.getLong();
          }
        }
      }
    }
    sums.asOfDay = streamDay;
  }

  private void sumAfresh(String key, Sums sums, int w, long streamDay) {
    double value = 0;
    long events = 0;
    try (WindowStoreIterator<byte[]> inWindow = buckets.fetch(key, (streamDay - windowDays[w] + 1) * dayMs, streamDay * dayMs)) {
      while (inWindow.hasNext()) {
        KeyValue<Long, byte[]> entry = inWindow.next();
        ByteBuffer bucket = ByteBuffer.wrap(entry.value);
        value += bucket.getDouble();
        events += bucket.getLong();
      }
    }
    sums.values[w] = value;
    sums.events[w] = events;
  }

  private void addToBucket(String key, long day, double delta, int eventCountDelta) {
    byte[] current = buckets.fetch(key, day * dayMs);
    double value = delta;
    long events = eventCountDelta;
    if (current != null) {
      ByteBuffer bucket = ByteBuffer.wrap(current);
      value += bucket.getDouble();
      events += bucket.getLong();
    }
    buckets.put(key, ByteBuffer.allocate(16).putDouble(value).putLong(events).array(), day * dayMs);
  }

  /** A series' trailing sums as of one day: 4 + 4 × 16 bytes in the store. */
  static final class Sums {
    long asOfDay;
    final double[] values = new double[windowDays.length];
    final long[] events = new long[windowDays.length];

    static Sums decode(byte[] bytes, long streamDay) {
      Sums sums = new Sums();
      if (bytes == null) {
        sums.asOfDay = streamDay;
        return sums;
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      sums.asOfDay = buffer.getInt();
      for (int w = 0; w < windowDays.length; w++) {
        sums.values[w] = buffer.getDouble();
        sums.events[w] = buffer.getLong();
      }
      return sums;
    }

    byte[] encode() {
      ByteBuffer buffer = ByteBuffer.allocate(4 + windowDays.length * 16).putInt((int) asOfDay);
      for (int w = 0; w < windowDays.length; w++) buffer.putDouble(values[w]).putLong(events[w]);
      return buffer.array();
    }

    String text() {
      StringBuilder text = new StringBuilder(java.time.LocalDate.ofEpochDay(asOfDay).toString());
      for (int w = 0; w < windowDays.length; w++) text.append('\t').append(values[w]).append('\t').append(events[w]);
      return text.toString();
    }
  }
}
