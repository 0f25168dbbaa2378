import type { Bus } from '@vigia/bus';
import { decodeTopicValue, type Alert, type AlertSeverity, type Digest } from '@vigia/schemas';

const dayMs = 86_400_000;
const zeroCounts = (): Record<AlertSeverity, number> => ({ info: 0, warning: 0, critical: 0 });

/** Digest id of a daily slot: `daily-YYYY-MM-DD` of the period's first day (UTC date of its start). */
export function dailyDigestId(periodStart: Date): string {
  return `daily-${periodStart.toISOString().slice(0, 10)}`;
}

/**
 * Builds the daily digest of the 24 h before `slot` from `vigia.alerts.v1`
 * (every partition, records appended before the end of the period): alerts
 * that started firing, alerts resolved, and alerts still firing at the end.
 * Record timestamps are append (wall-clock) times, like the cron slot.
 */
export async function buildDailyDigest(bus: Bus, alertsTopic: string, slot: Date, generatedAt: Date): Promise<Digest> {
  const periodEndMs = slot.getTime();
  const periodStartMs = periodEndMs - dayMs;
  const before = new Map<string, Alert>();
  const latest = new Map<string, Alert>();
  const opened = new Map<string, Alert>();
  const resolved = new Map<string, Alert>();
  const ends = await bus.admin.endOffsets(alertsTopic);
  for (const { partition, offset } of ends) {
    if (offset === 0) continue;
    for await (const chunk of bus.readPartition(alertsTopic, partition)) {
      for (const record of chunk) {
        if (record.value === null || record.timestampMs >= periodEndMs) continue;
        const decoded = decodeTopicValue('vigia.alerts.v1', record.value);
        if (!decoded.ok) continue;
        const alert = decoded.value;
        const previous = latest.get(alert.fingerprint);
        latest.set(alert.fingerprint, alert);
        if (record.timestampMs < periodStartMs) {
          before.set(alert.fingerprint, alert);
          continue;
        }
        const wasFiring = previous?.state === 'firing';
        if (alert.state === 'firing' && !(wasFiring && previous?.startsAt === alert.startsAt)) opened.set(alert.fingerprint, alert);
        if (alert.state === 'resolved' && wasFiring) resolved.set(alert.fingerprint, alert);
      }
    }
  }
  const totals = { opened: zeroCounts(), resolved: zeroCounts(), firingAtEnd: zeroCounts() };
  for (const alert of opened.values()) totals.opened[alert.severity]++;
  for (const alert of resolved.values()) totals.resolved[alert.severity]++;
  const listed = new Map<string, Alert>();
  for (const alert of latest.values()) {
    if (alert.state !== 'firing') continue;
    totals.firingAtEnd[alert.severity]++;
    listed.set(alert.fingerprint, alert);
  }
  for (const alert of [...opened.values(), ...resolved.values()])
    if (!listed.has(alert.fingerprint)) listed.set(alert.fingerprint, latest.get(alert.fingerprint) ?? alert);
  const periodStart = new Date(periodStartMs);
  return {
    type: 'digest.published',
    digestId: dailyDigestId(periodStart),
    schedule: 'daily',
    periodStart: periodStart.toISOString(),
    periodEnd: slot.toISOString(),
    generatedAt: generatedAt.toISOString(),
    totals,
    alerts: [...listed.values()].slice(0, 1000).map((alert) => ({
      fingerprint: alert.fingerprint,
      ruleId: alert.ruleId,
      severity: alert.severity,
      state: alert.state,
      region: alert.region,
      summary: alert.summary,
      startsAt: alert.startsAt,
    })),
  };
}
