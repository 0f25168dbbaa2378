package pe.vigia.bench.peer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The Kafka Streams peer of Vigía's aggregator, for the side-by-side benchmark (tests/bench):
 * canonical events → fan-out to target regions → repartition by region → daily buckets and
 * 7/30/90/365-day trailing sums per (region, metric), exactly-once v2, changelog-backed stores.
 *
 * Arguments are {@code name=value}: brokers, input, output, applicationId, gazetteer, partitions,
 * threads, stateDir, retentionDays (default 400, Vigía's). Prints {@code PEER_STATE <state>} on
 * every state change and {@code PEER_SUMMARY <json>} after a clean shutdown (SIGTERM).
 */
public final class PeerApp {
  private PeerApp() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0) throw new IllegalArgumentException("expected name=value, got " + arg);
      options.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    int retentionDays = Integer.parseInt(options.getOrDefault("retentionDays", "400"));
    Gazetteer gazetteer = Gazetteer.load(Path.of(required(options, "gazetteer")));
    KafkaStreams streams = new KafkaStreams(topology(options, gazetteer, retentionDays).build(), config(options));
    CountDownLatch stopped = new CountDownLatch(1);
    int[] exitCode = {0};
    streams.setStateListener((next, previous) -> {
      System.out.println("PEER_STATE " + next);
      if (next == KafkaStreams.State.ERROR || next == KafkaStreams.State.NOT_RUNNING) stopped.countDown();
    });
    streams.setUncaughtExceptionHandler(error -> {
      System.err.println("peer stream thread failed: " + error);
      error.printStackTrace();
      exitCode[0] = 1;
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      streams.close(Duration.ofSeconds(60));
      System.out.println("PEER_SUMMARY " + Counters.json());
      System.out.flush();
    }));
    streams.start();
    stopped.await();
    System.exit(exitCode[0]);
  }

  static StreamsBuilder topology(Map<String, String> options, Gazetteer gazetteer, int retentionDays) {
    StreamsBuilder builder = new StreamsBuilder();
    Duration retention = Duration.ofDays(retentionDays + 1L);
    // Stores are changelog-backed by default (logging enabled); caching coalesces a commit
    // interval's updates of one key into one changelog record, as Vigía coalesces per batch.
    builder.addStateStore(
        Stores.windowStoreBuilder(
                Stores.persistentWindowStore(TrailingSums.bucketStore, retention, Duration.ofDays(1), false),
                Serdes.String(),
                Serdes.ByteArray())
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TrailingSums.trailingStore), Serdes.String(), Serdes.ByteArray())
            .withCachingEnabled());
    int partitions = Integer.parseInt(required(options, "partitions"));
    builder.stream(required(options, "input"), Consumed.with(Serdes.String(), Serdes.String()))
        .process(() -> new FanOut(gazetteer))
        // Kafka Streams' groupBy repartition, explicit: the region's state lives on one partition.
        .repartition(Repartitioned.<String, String>as("contributions")
            .withKeySerde(Serdes.String())
            .withValueSerde(Serdes.String())
            .withNumberOfPartitions(partitions))
        .process(() -> new TrailingSums(retentionDays), TrailingSums.bucketStore, TrailingSums.trailingStore)
        .to(required(options, "output"), Produced.with(Serdes.String(), Serdes.String()));
    return builder;
  }

  static Properties config(Map<String, String> options) {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, required(options, "applicationId"));
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, required(options, "brokers"));
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.parseInt(options.getOrDefault("threads", "2")));
    config.put(StreamsConfig.STATE_DIR_CONFIG, required(options, "stateDir"));
    // A single-broker cluster: internal topics (repartition, changelogs) get one replica.
    config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // The 5.0 default, set now so 4.x does not warn at every start (the peer has no global stores).
    config.put("processing.exception.handler.global.enabled", true);
    return config;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null || value.isEmpty()) throw new IllegalArgumentException("missing argument " + name + "=…");
    return value;
  }
}
