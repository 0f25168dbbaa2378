import type { Alert, AlertSeverity } from '@vigia/schemas';
import { isoOf } from '../core/time.ts';
import type { AlertEntry } from './state.ts';

/** What a record needs to know about its rule; from the rule, or from the last record once the rule is gone. */
export interface RuleIdentity {
  readonly kind: string;
  readonly severity: AlertSeverity;
}

/**
 * The whole alert as of one transition — every record on `vigia.alerts.v1`
 * stands alone, so a consumer reading only the latest knows everything.
 */
export function alertRecord(entry: AlertEntry, rule: RuleIdentity, state: Alert['state'], updatedAtMs: number, endsAtMs?: number, resolution?: string): Alert {
  const startsAt = entry.startsAt ?? isoOf(updatedAtMs);
  const resolved = state === 'resolved';
  const endsAt = resolved ? Math.max(endsAtMs ?? updatedAtMs, Date.parse(startsAt)) : null;
  return {
    type: 'alert.updated',
    fingerprint: entry.fingerprint,
    ruleId: entry.ruleId,
    ruleKind: rule.kind,
    severity: rule.severity,
    state,
    region: entry.region,
    labels: entry.labels,
    summary: entry.summary ?? entry.ruleId,
    evidence: entry.evidence,
    startsAt,
    endsAt: endsAt === null ? null : isoOf(endsAt),
    updatedAt: isoOf(updatedAtMs),
    ...(endsAt === null ? {} : { durationMs: endsAt - Date.parse(startsAt) }),
    ...(endsAt === null || resolution === undefined ? {} : { resolution }),
    silenced: entry.silenced,
    acknowledged: entry.acknowledged,
  };
}
