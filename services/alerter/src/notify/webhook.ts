import { displayText, type Alert } from '@vigia/schemas';
import { AlerterError } from '../alerter-errors.ts';

/** `alertmanager` (default): Alertmanager's webhook payload, grouped; `slack`: one incoming-webhook message per change; `json`: Vigía's own record. */
export const webhookFormats = ['alertmanager', 'slack', 'json'] as const;
export type WebhookFormat = (typeof webhookFormats)[number];

export interface WebhookTarget {
  readonly url: string;
  readonly format: WebhookFormat;
  /** Sent as `Authorization: Bearer <token>`; never logged. */
  readonly token?: string;
  readonly timeoutMs: number;
}

/** One notification: the alert and what changed (`firing`, `resolved`, `unsilenced`). */
export interface Notification {
  readonly change: string;
  readonly alert: Alert;
}

/**
 * The body of one ungrouped notification: Vigía's own format, or a
 * Slack-compatible `{ text, blocks }` message. Publisher text reaches chat
 * without control characters; an update is said as an update, not as a new page.
 */
export function webhookBody(notification: Notification, format: Exclude<WebhookFormat, 'alertmanager'>): unknown {
  const { alert, change } = notification;
  if (format === 'json') return { version: 1, change, alert };
  const status = alert.state === 'resolved' ? 'RESOLVED' : change === 'updated' ? 'UPDATED' : 'FIRING';
  const summary = displayText(alert.summary);
  const region = displayText(alert.region.name);
  const text = `[${status}] ${alert.severity.toUpperCase()} ${region}: ${summary}`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${status}* · ${alert.severity} · ${alert.ruleId}\n${summary}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${region} (${alert.region.code}) · since ${alert.startsAt} · ${alert.fingerprint}` }] },
    ],
  };
}

/** Where a URL points, without credentials or query (safe to log). */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '<invalid url>';
  }
}

/**
 * The URL without `user:pass@`, and those credentials as a Basic
 * Authorization header: fetch refuses a URL with credentials, and its error
 * (logged on failure) would quote the URL, password included.
 */
export function splitUserinfo(url: string): { readonly url: string; readonly basicAuthorization?: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url };
  }
  if (parsed.username === '' && parsed.password === '') return { url };
  const credentials = `${percentDecoded(parsed.username)}:${percentDecoded(parsed.password)}`;
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.href, basicAuthorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}` };
}

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // a stray `%` the URL parser kept as written
  }
}

/**
 * Posts one notification. 5xx, 429, timeouts and network errors are
 * retriable (`withRetry` retries them); other 4xx are not — the receiver
 * refused this payload and will refuse it again.
 */
export async function postWebhook(target: WebhookTarget, body: unknown, about: Readonly<Record<string, string>> = {}): Promise<void> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const { url, basicAuthorization } = splitUserinfo(target.url);
  if (basicAuthorization !== undefined) headers['authorization'] = basicAuthorization;
  if (target.token !== undefined) headers['authorization'] = `Bearer ${target.token}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(target.timeoutMs),
      // A redirect would re-send the alert, and its Authorization, wherever the
      // receiver (or whoever took over its name) points; a moved receiver is a
      // configuration change, made by a person.
      redirect: 'manual',
    });
  } catch (error) {
    throw new AlerterError('VIGIA_ALERTER_WEBHOOK_FAILED', 'webhook request failed', {
      cause: error,
      retriable: true,
      context: { url: safeUrl(target.url), ...about },
    });
  }
  await response.body?.cancel();
  if (response.ok) return;
  if (response.status >= 300 && response.status < 400) {
    throw new AlerterError(
      'VIGIA_ALERTER_WEBHOOK_FAILED',
      `webhook answered ${response.status}, a redirect; redirects are not followed, configure the final URL`,
      {
        retriable: false,
        context: { url: safeUrl(target.url), status: response.status, ...about },
      },
    );
  }
  throw new AlerterError('VIGIA_ALERTER_WEBHOOK_FAILED', `webhook answered ${response.status}`, {
    retriable: response.status >= 500 || response.status === 429,
    context: { url: safeUrl(target.url), status: response.status, ...about },
  });
}
