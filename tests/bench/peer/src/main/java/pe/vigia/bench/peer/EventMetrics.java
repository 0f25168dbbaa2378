package pe.vigia.bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one canonical incident or seizure adds to the daily bucket of each region it counts
 * towards: metric id → amount. The same ids and rules as @vigia/indicators' metricsOf (its
 * README's metric table): a metric present counts the event even when its amount is 0.
 */
final class EventMetrics {
  private EventMetrics() {}

  /** The metrics of an incident or seizure; null for any other kind (surveys are not daily events). */
  static Map<String, Double> of(JsonNode event) {
    String kind = event.path("kind").asText();
    if (kind.equals("incident")) return incident(event);
    if (kind.equals("seizure")) return seizure(event);
    return null;
  }

  private static Map<String, Double> incident(JsonNode incident) {
    JsonNode casualties = incident.path("casualties");
    JsonNode security = casualties.path("securityForces");
    JsonNode civilians = casualties.path("civilians");
    JsonNode armed = casualties.path("armedGroups");
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("incidents.count", 1.0);
    metrics.put("incidents." + incident.path("incidentType").asText() + ".count", 1.0);
    double securityKilled = security.path("killed").asDouble();
    double civiliansKilled = civilians.path("killed").asDouble();
    double armedKilled = armed.path("killed").asDouble();
    metrics.put("fatalities.total", securityKilled + civiliansKilled + armedKilled);
    metrics.put("fatalities.security-forces", securityKilled);
    metrics.put("fatalities.civilians", civiliansKilled);
    metrics.put("fatalities.armed-groups", armedKilled);
    metrics.put(
        "injuries.total",
        security.path("injured").asDouble() + civilians.path("injured").asDouble() + armed.path("injured").asDouble());
    if (incident.has("eradicatedHectares")) metrics.put("eradication.ha", incident.get("eradicatedHectares").asDouble());
    return metrics;
  }

  private static Map<String, Double> seizure(JsonNode seizure) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("seizures.count", 1.0);
    for (JsonNode item : seizure.path("items")) {
      String substance = item.path("substance").asText();
      boolean precursor = substance.equals("precursor-chemical");
      // Counted once per event however many items of the substance it lists.
      metrics.put(precursor ? "precursors.count" : "seizures." + substance + ".count", 1.0);
      JsonNode quantity = item.path("quantity");
      String unit = quantity.path("unit").asText().toLowerCase(Locale.ROOT);
      String id = (precursor ? "precursors" : "seizures." + substance) + "." + unit;
      metrics.merge(id, quantity.path("value").asDouble(), Double::sum);
    }
    if (seizure.has("arrests")) metrics.put("arrests.total", seizure.get("arrests").asDouble());
    return metrics;
  }
}
