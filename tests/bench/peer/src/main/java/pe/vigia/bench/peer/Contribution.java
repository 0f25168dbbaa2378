package pe.vigia.bench.peer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event's contribution to one region and day, as it travels on the repartition topic keyed by
 * the region code (Vigía's vigia.contributions.v1 plays the same part): the epoch day, the event
 * count delta and every metric's delta, as a short text line — {@code day<TAB>events<TAB>id=amount<TAB>…}.
 * Double.toString round-trips exactly.
 */
record Contribution(long day, int eventCountDelta, Map<String, Double> deltas) {
  String encode() {
    StringBuilder text = new StringBuilder().append(day).append('\t').append(eventCountDelta);
    for (Map.Entry<String, Double> delta : deltas.entrySet()) {
      text.append('\t').append(delta.getKey()).append('=').append(delta.getValue());
    }
    return text.toString();
  }

  static Contribution decode(String text) {
    String[] fields = text.split("\t");
    Map<String, Double> deltas = new LinkedHashMap<>();
    for (int i = 2; i < fields.length; i++) {
      int eq = fields[i].lastIndexOf('=');
      deltas.put(fields[i].substring(0, eq), Double.parseDouble(fields[i].substring(eq + 1)));
    }
    return new Contribution(Long.parseLong(fields[0]), Integer.parseInt(fields[1]), deltas);
  }
}
