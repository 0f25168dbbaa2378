/**
 * Reads what a pipeline run left on its topics — only through the Bus port
 * and the topics' public contracts — and accounts for every report:
 *
 * - every line of the scenario that reached ingest is on the raw topic or in
 *   the ingest DLQ, once;
 * - every raw record has exactly one outcome: one DLQ record naming it as its
 *   source, or one canonical change (changes carry the CloudEvents id
 *   `eventId@revision`, stable per accepted revision, so a change written
 *   twice shows as a repeated id);
 * - the final indicators (last value per key of the compacted topic) and the
 *   final state of every alert (last record per fingerprint).
 *
 * Two audits are compared with `compareAudits`: a run with crashes must
 * account for every report as the run without crashes did.
 */
import type { Bus } from '@vigia/bus';
import { type DlqValue, jsonOf, type LineId, lineOfIngestDlq, lineOfRaw, readTopic, topicsOf } from './pipeline-topics.ts';

export interface PipelineAudit {
  /** Outcome per scenario line: `canonical`, or `dlq:<stage>:<reason>`; several when something was doubled. */
  readonly outcomes: ReadonlyMap<LineId, readonly string[]>;
  /** Canonical change ids and how often each was written. */
  readonly changes: ReadonlyMap<string, number>;
  /** Raw records with neither a DLQ record nor a canonical change to account for them. */
  readonly lost: number;
  /** Records written more than once: raw lines, DLQ records of one source, canonical changes. */
  readonly doubled: number;
  /** Latest value per key of the indicators topic (tombstones remove the key). */
  readonly indicators: ReadonlyMap<string, string>;
  /**
   * Latest daily bucket per key of the aggregator's compacted changelog — the figures indicators are
   * computed from — without its `streamTime`, which records when the partition saw it, not what it holds.
   */
  readonly buckets: ReadonlyMap<string, string>;
  /**
   * Per fingerprint: its state transitions in order (repeats collapsed) and its latest record without
   * `updatedAt`, which says when the alerter last looked (its stream time), not what it found.
   */
  readonly alerts: ReadonlyMap<string, string>;
}

const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

export async function auditPipeline(bus: Bus, namespace?: string): Promise<PipelineAudit> {
  const topics = topicsOf(namespace);
  const outcomes = new Map<LineId, string[]>();
  let doubled = 0;

  const rawLineAt = new Map<string, LineId>();
  const rawLines = new Set<LineId>();
  for (const record of await readTopic(bus, topics.raw)) {
    const line = lineOfRaw(record);
    if (line === undefined) continue;
    if (rawLines.has(line)) doubled += 1;
    rawLines.add(line);
    rawLineAt.set(`${record.partition}/${record.offset}`, line);
  }

  const rejectedRaw = new Set<LineId>();
  for (const record of await readTopic(bus, topics.dlq)) {
    const value = jsonOf(record) as unknown as DlqValue;
    const atIngest = lineOfIngestDlq(value);
    const line = atIngest ?? (value.source?.topic === topics.raw ? rawLineAt.get(`${value.source.partition}/${value.source.offset}`) : undefined);
    if (line === undefined) continue;
    if (atIngest === undefined) {
      if (rejectedRaw.has(line)) doubled += 1;
      rejectedRaw.add(line);
    }
    push(outcomes, line, `dlq:${value.stage}:${value.reason}`);
  }

  const changes = new Map<string, number>();
  for (const record of await readTopic(bus, topics.events)) {
    const id = record.headers['ce_id'];
    if (id === undefined) throw new TypeError(`change at ${record.partition}/${record.offset} has no ce_id header`);
    changes.set(id, (changes.get(id) ?? 0) + 1);
  }
  for (const count of changes.values()) doubled += count - 1;

  // A raw record not rejected by a later stage must have become a canonical change.
  const accepted = [...rawLines].filter((line) => !rejectedRaw.has(line));
  for (const line of accepted) push(outcomes, line, 'canonical');
  const lost = Math.max(0, accepted.length - changes.size);
  doubled += Math.max(0, changes.size - accepted.length);

  const latest = async (topic: string, keyOf: (value: Record<string, unknown>, key: string | null) => string | undefined, omit: readonly string[] = []) => {
    const map = new Map<string, string>();
    for (const record of await readTopic(bus, topic)) {
      const value = jsonOf(record);
      for (const field of omit) if (value !== undefined) delete value[field];
      const key = value === undefined ? record.key : keyOf(value, record.key);
      if (key === undefined || key === null) continue;
      if (value === undefined) map.delete(key);
      else map.set(key, JSON.stringify(value));
    }
    return map;
  };
  const indicators = await latest(topics.indicators, (_, key) => key ?? undefined);
  const buckets = await latest(topics.changelog, (_, key) => key ?? undefined, ['streamTime']);
  const alerts = await latest(topics.alerts, (value) => (typeof value['fingerprint'] === 'string' ? value['fingerprint'] : undefined), ['updatedAt']);
  const transitions = new Map<string, string[]>();
  for (const record of await readTopic(bus, topics.alerts)) {
    const value = jsonOf(record) as { fingerprint?: string; state?: string } | undefined;
    if (value?.fingerprint === undefined || value.state === undefined) continue;
    const states = transitions.get(value.fingerprint) ?? [];
    if (states.at(-1) !== value.state) states.push(value.state);
    transitions.set(value.fingerprint, states);
  }
  for (const [fingerprint, latestAlert] of alerts) alerts.set(fingerprint, `${transitions.get(fingerprint)?.join('→')} ${latestAlert}`);
  return { outcomes, changes, lost, doubled, indicators, buckets, alerts };
}

export type AuditPart = 'lines' | 'changes' | 'buckets' | 'indicators' | 'alerts';

/**
 * Differences between a run with crashes and the reference run, as readable
 * lines (empty: equal), for the given parts of the audit.
 */
export function compareAudits(actual: PipelineAudit, reference: PipelineAudit, parts: readonly AuditPart[], limit = 10): string[] {
  const differences: string[] = [];
  const compareMaps = <V>(what: string, a: ReadonlyMap<string, V>, b: ReadonlyMap<string, V>, same: (x: V, y: V) => boolean) => {
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      const x = a.get(key);
      const y = b.get(key);
      if (x === undefined || y === undefined || !same(x, y)) {
        differences.push(`${what} ${key}: ${JSON.stringify(x)} after crashes, ${JSON.stringify(y)} without`);
      }
    }
  };
  const equal = <V>(x: V, y: V) => x === y;
  if (parts.includes('lines')) compareMaps('line', actual.outcomes, reference.outcomes, (x, y) => x.join() === y.join());
  if (parts.includes('changes')) compareMaps('change', actual.changes, reference.changes, equal);
  if (parts.includes('buckets')) compareMaps('bucket', actual.buckets, reference.buckets, equal);
  if (parts.includes('indicators')) compareMaps('indicator', actual.indicators, reference.indicators, equal);
  if (parts.includes('alerts')) compareMaps('alert', actual.alerts, reference.alerts, equal);
  return differences.length > limit ? [...differences.slice(0, limit), `… and ${differences.length - limit} more`] : differences;
}
