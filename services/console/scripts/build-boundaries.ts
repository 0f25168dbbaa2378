/**
 * Builds the console's map boundaries from a GeoJSON of Peru's districts and
 * writes them, simplified, to web/data/ (committed: the page never fetches
 * boundaries from the internet).
 *
 *   node services/console/scripts/build-boundaries.ts <peru_distrital_simple.geojson>
 *
 * Source: INEI's official limits (2007 vintage) as published by MINAM's
 * Geoservidor, in the GeoJSON conversion of the repository
 * juaneladio/peru-geojson (MPL-2.0), file peru_distrital_simple.geojson.
 * Departments are their districts grouped by UBIGEO; a monitoring zone is
 * the districts the gazetteer lists for it, drawn together as one feature.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { regionByCode, zoneCode, zoneDefinitions } from '@vigia/geo';

type Ring = [number, number][];
type Polygon = Ring[];
interface Feature {
  readonly type: 'Feature';
  readonly properties: Record<string, unknown>;
  readonly geometry: { readonly type: 'Polygon'; readonly coordinates: Polygon } | { readonly type: 'MultiPolygon'; readonly coordinates: Polygon[] } | null;
}

/** ~500 m at Peru's latitudes: invisible at the map's scale, a tenth of the size. */
const toleranceDegrees = 0.005;

const [source] = process.argv.slice(2);
if (source === undefined) {
  process.stderr.write('usage: node services/console/scripts/build-boundaries.ts <peru_distrital_simple.geojson>\n');
  process.exit(2);
}
const districts = (JSON.parse(readFileSync(source, 'utf8')) as { features: Feature[] }).features;
// A few source features carry no geometry (lakes, disputed strips); they draw nothing.
const polygonsOf = (feature: Feature): Polygon[] =>
  feature.geometry === null ? [] : feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;

/** Douglas–Peucker on one ring, keeping its closing point; rings that collapse are dropped. */
function simplifyRing(ring: Ring): Ring | undefined {
  if (ring.length <= 4) return ring;
  const keep = new Uint8Array(ring.length);
  keep[0] = 1;
  keep[ring.length - 1] = 1;
  const stack: [number, number][] = [[0, ring.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    const [ax, ay] = ring[first]!;
    const [bx, by] = ring[last]!;
    let farthest = -1;
    let distance = toleranceDegrees;
    for (let index = first + 1; index < last; index++) {
      const [px, py] = ring[index]!;
      const length = Math.hypot(bx - ax, by - ay);
      const d = length === 0 ? Math.hypot(px - ax, py - ay) : Math.abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length;
      if (d > distance) {
        distance = d;
        farthest = index;
      }
    }
    if (farthest >= 0) {
      keep[farthest] = 1;
      stack.push([first, farthest], [farthest, last]);
    }
  }
  const kept = ring.filter((_, index) => keep[index] === 1).map(([x, y]) => [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000] as [number, number]);
  return kept.length >= 4 ? kept : undefined;
}

function feature(code: string, name: string, members: readonly Feature[]): Feature {
  const polygons = members
    .flatMap(polygonsOf)
    .map((polygon) => polygon.map(simplifyRing).filter((ring): ring is Ring => ring !== undefined))
    .filter((polygon) => polygon.length > 0);
  return { type: 'Feature', properties: { code, name }, geometry: { type: 'MultiPolygon', coordinates: polygons } };
}

function write(file: string, features: readonly Feature[]): void {
  const path = new URL(`../web/data/${file}`, import.meta.url);
  writeFileSync(path, `${JSON.stringify({ type: 'FeatureCollection', features })}\n`);
  process.stdout.write(`wrote ${path.pathname}: ${features.length} features\n`);
}

const byDepartment = Map.groupBy(districts, (district) => String(district.properties['IDDPTO']));
write(
  'peru-departments.geo.json',
  [...byDepartment.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, members]) => feature(code, regionByCode(code)?.name ?? code, members)),
);

const zones = zoneDefinitions.map((zone) => {
  // A member is a district (6 digits) or a whole province (4 digits): every district under its code.
  const byMember = zone.members.map(([ubigeo]) => districts.filter((district) => String(district.properties['IDDIST']).startsWith(ubigeo)));
  const missing = byMember.filter((found) => found.length === 0).length;
  // Districts created after 2007 are missing from the source; their zone is drawn without them.
  if (missing > 0) process.stdout.write(`${zone.id}: ${missing} of ${zone.members.length} members not in the source\n`);
  return feature(zoneCode(zone.id), zone.name, byMember.flat());
});
write(
  'peru-zones.geo.json',
  zones.filter((zone) => zone.geometry !== null && zone.geometry.coordinates.length > 0),
);
