package pe.vigia.bench.peer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Region code → the codes an event there counts towards (itself, its ancestors up to PE, every
 * zone containing it), read from the file export-gazetteer.ts writes from @vigia/geo, so the peer
 * fans out exactly as Vigía's aggregator does.
 */
final class Gazetteer {
  private final Map<String, String[]> targets;

  private Gazetteer(Map<String, String[]> targets) {
    this.targets = targets;
  }

  static Gazetteer load(Path file) throws IOException {
    Map<String, String[]> targets = new HashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isEmpty()) continue;
      int tab = line.indexOf('\t');
      if (tab < 0) throw new IOException("gazetteer line without a tab: " + line);
      targets.put(line.substring(0, tab), line.substring(tab + 1).split(","));
    }
    if (targets.isEmpty()) throw new IOException("empty gazetteer file " + file);
    return new Gazetteer(targets);
  }

  /** The target codes of a region, or null for a code the gazetteer does not know. */
  String[] targetsOf(String code) {
    return targets.get(code);
  }

  int size() {
    return targets.size();
  }
}
