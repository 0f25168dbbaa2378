package pe.vigia.bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The fan-out: one canonical event change (vigia.events.v1, keyed by event id) becomes one
 * contribution per target region, keyed by the region code and stamped with the event's day
 * (event time) so the aggregate's stream time is event time, as Vigía's is.
 *
 * Only {@code event.recorded} incidents and seizures are aggregated; everything else is counted as
 * unsupported and skipped, and the benchmark fails if any was (its input has none).
 */
final class FanOut implements Processor<String, String, String, String> {
  static final long dayMs = 86_400_000L;
  private static final ObjectMapper json = new ObjectMapper();
  private final Gazetteer gazetteer;
  private ProcessorContext<String, String> context;

  FanOut(Gazetteer gazetteer) {
    this.gazetteer = gazetteer;
  }

  @Override
  public void init(ProcessorContext<String, String> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, String> record) {
    Counters.events.incrementAndGet();
    JsonNode change;
    try {
      change = json.readTree(record.value());
    } catch (Exception malformed) {
      Counters.unsupported.incrementAndGet();
      return;
    }
    if (change == null || !change.path("type").asText().equals("event.recorded")) {
      Counters.unsupported.incrementAndGet();
      return;
    }
    JsonNode event = change.path("event");
    Map<String, Double> metrics = EventMetrics.of(event);
    Set<String> targets = metrics == null ? null : targetsOf(event.path("location"));
    if (targets == null) {
      Counters.unsupported.incrementAndGet();
      return;
    }
    long day = LocalDate.parse(event.path("occurredAt").asText()).toEpochDay();
    String value = new Contribution(day, 1, metrics).encode();
    for (String target : targets) context.forward(new Record<>(target, value, day * dayMs));
  }

  /** The place's targets plus the named zone's (a report that says "VRAEM" counts there), first occurrence kept. */
  private Set<String> targetsOf(JsonNode location) {
    String[] own = gazetteer.targetsOf(location.path("ubigeo").asText());
    if (own == null) return null;
    Set<String> targets = new LinkedHashSet<>(java.util.List.of(own));
    if (location.hasNonNull("zone")) {
      String[] zone = gazetteer.targetsOf(location.get("zone").asText());
      if (zone == null) return null;
      targets.addAll(java.util.List.of(zone));
    }
    return targets;
  }
}
