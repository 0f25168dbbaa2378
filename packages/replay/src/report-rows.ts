import type { Alert, RegionLevel } from '@vigia/schemas';

/** A firing, updated or resolved transition, as the engine produced it. */
export interface RecordedTransition {
  readonly change: 'firing' | 'updated' | 'resolved';
  readonly alert: Alert;
}

/** One indicator value as the aggregator published it, for the series report. */
export interface SeriesRow {
  readonly region: string;
  readonly level: RegionLevel;
  readonly metric: string;
  readonly window: string;
  readonly asOf: string;
  readonly value: number;
  readonly contributingEvents: number;
  readonly correction: boolean;
  readonly source: string | undefined;
  readonly year: number | undefined;
}

/** One alert that would have fired: from its firing to its resolution (if it resolved within the replay). */
export interface AlertEpisode {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly severity: string;
  readonly region: string;
  readonly regionName: string;
  readonly level: string;
  /** What, beyond rule and region, tells it from another alert: survey source and year, or the event. */
  readonly source: string | undefined;
  readonly year: string | undefined;
  readonly eventId: string | undefined;
  /** Stream time of the firing (the watermark or the value's day that fired it), never the wall clock. */
  readonly firedAt: string;
  readonly startsAt: string;
  resolvedAt: string | undefined;
  /** The latest summary (a revision of the event, a new value while firing updates it). */
  summary: string;
  resolution: string | undefined;
}

/** Alert identity across rule sets: rule, region and the finding (not the fingerprint, which includes severity). */
export function identityOf(episode: Pick<AlertEpisode, 'ruleId' | 'region' | 'source' | 'year' | 'eventId'>): string {
  return [episode.ruleId, episode.region, episode.source ?? '', episode.year ?? '', episode.eventId ?? ''].join('|');
}

/**
 * Firing → resolved pairs per fingerprint (with the summary of the latest update), in the order they fired, keeping
 * those that fired within [from, to] (earlier ones were warm-up). A
 * resolution with no firing seen (it fired before the input began) is dropped.
 */
export function episodesOf(transitions: readonly RecordedTransition[], from: string, to: string): AlertEpisode[] {
  const open = new Map<string, AlertEpisode>();
  const episodes: AlertEpisode[] = [];
  for (const { change, alert } of transitions) {
    if (change === 'firing') {
      const episode: AlertEpisode = {
        fingerprint: alert.fingerprint,
        ruleId: alert.ruleId,
        severity: alert.severity,
        region: alert.region.code,
        regionName: alert.region.name,
        level: alert.region.level,
        source: alert.labels.source,
        year: alert.labels.year,
        eventId: alert.labels.event_id,
        firedAt: alert.updatedAt,
        startsAt: alert.startsAt,
        resolvedAt: undefined,
        summary: alert.summary,
        resolution: undefined,
      };
      open.set(alert.fingerprint, episode);
      episodes.push(episode);
      continue;
    }
    const episode = open.get(alert.fingerprint);
    if (episode === undefined) continue;
    episode.summary = alert.summary;
    if (change === 'updated') continue;
    episode.resolvedAt = alert.endsAt ?? alert.updatedAt;
    episode.resolution = alert.resolution;
    open.delete(alert.fingerprint);
  }
  const inRange = episodes.filter((episode) => episode.firedAt.slice(0, 10) >= from && episode.firedAt.slice(0, 10) <= to);
  return inRange.sort(compareEpisodes);
}

function compareEpisodes(a: AlertEpisode, b: AlertEpisode): number {
  return compareText(a.firedAt, b.firedAt) || compareText(a.ruleId, b.ruleId) || compareText(a.region, b.region) || compareText(a.fingerprint, b.fingerprint);
}

/** Code-unit order: the same on every machine and locale (reports must be byte-identical). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
