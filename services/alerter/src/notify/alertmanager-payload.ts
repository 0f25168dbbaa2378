import { displayText, type Alert } from '@vigia/schemas';

/** One alert as Alertmanager's webhook receiver gets it (`alerts[]` of the payload). */
export interface AmWebhookAlert {
  readonly status: 'firing' | 'resolved';
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly generatorURL: string;
  readonly fingerprint: string;
}

/** Alertmanager's webhook payload, version 4 (docs: "Configuration → webhook_config"). */
export interface AmWebhookPayload {
  readonly version: '4';
  readonly groupKey: string;
  readonly truncatedAlerts: number;
  readonly status: 'firing' | 'resolved';
  readonly receiver: string;
  readonly groupLabels: Readonly<Record<string, string>>;
  readonly commonLabels: Readonly<Record<string, string>>;
  readonly commonAnnotations: Readonly<Record<string, string>>;
  readonly externalURL: string;
  readonly alerts: readonly AmWebhookAlert[];
}

/** What Alertmanager writes for "not resolved yet": Go's zero time. */
const zeroTime = '0001-01-01T00:00:00Z';

/**
 * Labels as Alertmanager receivers expect them: `alertname` (the rule id)
 * beside the alert's own labels (region, severity, rule…).
 */
export function amLabels(alert: Alert): Record<string, string> {
  return { alertname: alert.ruleId, ...alert.labels, severity: alert.severity };
}

/** An alert in the payload's shape. Texts are publishers': control characters are removed before they reach a chat bridge. */
export function amAlert(alert: Alert, externalURL: string): AmWebhookAlert {
  const annotations: Record<string, string> = {
    summary: displayText(alert.summary),
    region_name: displayText(alert.region.name),
    region_level: alert.region.level,
    rule_kind: alert.ruleKind,
  };
  if (alert.acknowledged !== null) annotations['acknowledged_by'] = displayText(alert.acknowledged.by);
  if (alert.evidence.eventIds.length > 0) annotations['evidence_events'] = alert.evidence.eventIds.slice(0, 20).join(' ');
  return {
    status: alert.state === 'resolved' ? 'resolved' : 'firing',
    labels: amLabels(alert),
    annotations,
    startsAt: alert.startsAt,
    endsAt: alert.endsAt ?? zeroTime,
    generatorURL: `${externalURL.replace(/\/$/, '')}/#/alerts/${encodeURIComponent(alert.fingerprint)}`,
    fingerprint: alert.fingerprint,
  };
}

/**
 * Alertmanager's group key: the route's matchers (here `{}`, one route) and
 * the group's labels, `{}:{alertname="coca-growth-yoy"}`. Receivers use it to
 * thread or deduplicate messages of one group.
 */
export function amGroupKey(groupLabels: Readonly<Record<string, string>>): string {
  const pairs = Object.keys(groupLabels)
    .sort()
    .map((name) => `${name}=${JSON.stringify(groupLabels[name])}`);
  return `{}:{${pairs.join(',')}}`;
}

/** The payload of one group flush. Status is firing while any alert of it fires. */
export function amPayload(receiver: string, externalURL: string, groupLabels: Readonly<Record<string, string>>, alerts: readonly Alert[]): AmWebhookPayload {
  const shaped = alerts.map((alert) => amAlert(alert, externalURL));
  return {
    version: '4',
    groupKey: amGroupKey(groupLabels),
    truncatedAlerts: 0,
    status: shaped.some((alert) => alert.status === 'firing') ? 'firing' : 'resolved',
    receiver,
    groupLabels,
    commonLabels: common(shaped.map((alert) => alert.labels)),
    commonAnnotations: common(shaped.map((alert) => alert.annotations)),
    externalURL,
    alerts: shaped,
  };
}

/** The name/value pairs every map shares. */
function common(maps: readonly Readonly<Record<string, string>>[]): Record<string, string> {
  const [first, ...rest] = maps;
  if (first === undefined) return {};
  return Object.fromEntries(Object.entries(first).filter(([name, value]) => rest.every((map) => map[name] === value)));
}
