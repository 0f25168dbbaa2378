/**
 * Writes `@vigia/geo`'s region → target-regions mapping as a data file for the
 * Kafka Streams peer (`PeerApp`), so both sides fan an event out through the
 * same gazetteer rather than two copies that could drift apart.
 *
 * One line per region code: `code<TAB>target,target,…` — the codes
 * `targetRegions(code)` returns, in its order (the region itself, its
 * ancestors up to `PE`, every zone containing it).
 *
 * `node tests/bench/peer/export-gazetteer.ts <output file>`
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { listRegions, targetRegions } from '@vigia/geo';

export function gazetteerLines(): string {
  return listRegions()
    .map(
      (region) =>
        `${region.code}\t${targetRegions(region.code)
          .map((target) => target.code)
          .join(',')}\n`,
    )
    .join('');
}

export function writeGazetteer(file: string): number {
  mkdirSync(dirname(file), { recursive: true });
  const text = gazetteerLines();
  writeFileSync(file, text);
  return text.split('\n').length - 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (file === undefined) {
    process.stderr.write('usage: export-gazetteer.ts <output file>\n');
    process.exit(2);
  }
  process.stdout.write(`${writeGazetteer(file)} regions → ${file}\n`);
}
