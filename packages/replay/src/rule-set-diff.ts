import { compareText, identityOf, type AlertEpisode } from './report-rows.ts';

export const DiffKind = {
  onlyA: 'only-in-a',
  onlyB: 'only-in-b',
  earlierInB: 'earlier-in-b',
  laterInB: 'later-in-b',
  same: 'same-day',
} as const;
export type DiffKind = (typeof DiffKind)[keyof typeof DiffKind];

/** One alert compared across two rule sets. */
export interface DiffRow {
  readonly kind: DiffKind;
  readonly ruleId: string;
  readonly region: string;
  readonly regionName: string;
  readonly level: string;
  readonly finding: string;
  readonly firedAtA: string | undefined;
  readonly firedAtB: string | undefined;
  /** Days B fired before A (negative: after); undefined unless both fired. */
  readonly leadDays: number | undefined;
  readonly summary: string;
}

const dayMs = 86_400_000;

/**
 * The alerts of rule set B against those of rule set A. Alerts are matched
 * by rule, region and finding (survey source and year, or event), and an
 * episode in A with the first episode in B that was active at the same time
 * (so a threshold change shows as "fired earlier", not as two alerts).
 * Rows are ordered by kind, then by when they fired.
 */
export function diffRuleSets(a: readonly AlertEpisode[], b: readonly AlertEpisode[]): DiffRow[] {
  const grouped = new Map<string, { a: AlertEpisode[]; b: AlertEpisode[] }>();
  const group = (identity: string) => grouped.get(identity) ?? grouped.set(identity, { a: [], b: [] }).get(identity)!;
  for (const episode of a) group(identityOf(episode)).a.push(episode);
  for (const episode of b) group(identityOf(episode)).b.push(episode);
  const rows: DiffRow[] = [];
  for (const { a: inA, b: inB } of grouped.values()) {
    const unmatched = new Set(inB);
    for (const episode of inA) {
      const open = inB.filter((candidate) => unmatched.has(candidate));
      const twin = open.find((candidate) => candidate.firedAt === episode.firedAt) ?? open.find((candidate) => overlap(episode, candidate));
      if (twin !== undefined) unmatched.delete(twin);
      rows.push(rowOf(episode, twin));
    }
    for (const episode of unmatched) rows.push(rowOf(undefined, episode));
  }
  const order = Object.values(DiffKind);
  return rows.sort(
    (x, y) =>
      order.indexOf(x.kind) - order.indexOf(y.kind) ||
      compareText(x.firedAtA ?? x.firedAtB ?? '', y.firedAtA ?? y.firedAtB ?? '') ||
      compareText(x.ruleId, y.ruleId) ||
      compareText(x.region, y.region) ||
      compareText(x.finding, y.finding),
  );
}

/**
 * Both were active at some instant. An unresolved episode lasts to the end of
 * the replay; a resolution may carry an earlier instant than the firing (a
 * late report ends a silence in the past), so an episode ends at the later of the two.
 */
function overlap(a: AlertEpisode, b: AlertEpisode): boolean {
  return b.firedAt <= endOf(a) && a.firedAt <= endOf(b);
}

function endOf(episode: AlertEpisode): string {
  if (episode.resolvedAt === undefined) return '9999';
  return episode.resolvedAt > episode.firedAt ? episode.resolvedAt : episode.firedAt;
}

function rowOf(a: AlertEpisode | undefined, b: AlertEpisode | undefined): DiffRow {
  const either = (a ?? b)!;
  const leadDays = a === undefined || b === undefined ? undefined : Math.round((Date.parse(a.firedAt) - Date.parse(b.firedAt)) / dayMs);
  const kind =
    b === undefined
      ? DiffKind.onlyA
      : a === undefined
        ? DiffKind.onlyB
        : leadDays! > 0
          ? DiffKind.earlierInB
          : leadDays! < 0
            ? DiffKind.laterInB
            : DiffKind.same;
  return {
    kind,
    ruleId: either.ruleId,
    region: either.region,
    regionName: either.regionName,
    level: either.level,
    finding: findingOf(either),
    firedAtA: a?.firedAt,
    firedAtB: b?.firedAt,
    leadDays,
    summary: (b ?? a)!.summary,
  };
}

/** `ONDCP 2020`, `event ev-123`, or '' for an alert that is its rule and region alone. */
export function findingOf(episode: Pick<AlertEpisode, 'source' | 'year' | 'eventId'>): string {
  if (episode.eventId !== undefined) return `event ${episode.eventId}`;
  return [episode.source, episode.year].filter((part) => part !== undefined).join(' ');
}
