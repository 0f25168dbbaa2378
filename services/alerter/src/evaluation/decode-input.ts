import type { RejectionIssue } from '@vigia/bus';
import type { EngineInput } from '@vigia/rules';
import { decodeTopicValue, requireTopic, type AlerterJob, type DlqReasonCode } from '@vigia/schemas';

/** What one input record means to an evaluation stage. */
export type DecodedInput =
  /** `nowStreamTime` undefined: the input moves no time (survey figures and changes are annual, not daily time). */
  | { readonly kind: 'engine'; readonly input: EngineInput; readonly nowStreamTime: string | undefined }
  | { readonly kind: 'job'; readonly job: AlerterJob }
  | { readonly kind: 'skip' }
  | { readonly kind: 'reject'; readonly reason: DlqReasonCode; readonly message: string; readonly issues: readonly RejectionIssue[] };

const dayStart = (day: string): string => `${day.slice(0, 10)}T00:00:00Z`;

/**
 * Decodes a record of an alerter input topic (indicators, contributions,
 * events, the jobs topic) into an engine input and the stream time it
 * happened at. Tombstones are skipped; bad values are DLQ rejections.
 *
 * Stream time is daily event time: the fan-out's watermark (a tick, so
 * absence rules are judged on it), daily indicators' `asOf`, daily events'
 * days. Surveys never move it — a 2024 survey's 1 January must not make 2021
 * look silent — and survey contributions mean nothing to the rules.
 */
export function decodeInput(physicalTopic: string, value: Uint8Array | null): DecodedInput {
  if (value === null) return { kind: 'skip' };
  const { base } = requireTopic(physicalTopic);
  switch (base) {
    case 'vigia.indicators.v1': {
      const decoded = decodeTopicValue(base, value);
      if (!decoded.ok) return rejection(decoded);
      const annual = decoded.value.window === 'annual';
      return { kind: 'engine', input: decoded.value, nowStreamTime: annual ? undefined : dayStart(decoded.value.asOf) };
    }
    case 'vigia.contributions.v1': {
      const decoded = decodeTopicValue(base, value);
      if (!decoded.ok) return rejection(decoded);
      const contribution = decoded.value;
      if (contribution.type === 'watermark.advanced') return { kind: 'engine', input: { type: 'tick' }, nowStreamTime: dayStart(contribution.day) };
      if (contribution.source !== undefined) return { kind: 'skip' };
      return { kind: 'engine', input: contribution, nowStreamTime: dayStart(contribution.day) };
    }
    case 'vigia.events.v1': {
      const decoded = decodeTopicValue(base, value);
      if (!decoded.ok) return rejection(decoded);
      const change = decoded.value;
      const event = change.type === 'event.recorded' ? change.event : change.type === 'event.revised' ? change.current : change.previous;
      return { kind: 'engine', input: change, nowStreamTime: event.kind === 'cultivation-survey' ? undefined : dayStart(event.occurredAt) };
    }
    case 'vigia.alerter.jobs.v1': {
      const decoded = decodeTopicValue(base, value);
      if (!decoded.ok) return rejection(decoded);
      return { kind: 'job', job: decoded.value };
    }
    default:
      return { kind: 'skip' };
  }
}

function rejection(failure: { readonly reason: DlqReasonCode; readonly message: string; readonly issues: readonly { readonly path: unknown; readonly message: string }[] }): DecodedInput {
  return {
    kind: 'reject',
    reason: failure.reason,
    message: failure.message,
    issues: failure.issues.map((issue) => ({ path: String(issue.path), message: issue.message })),
  };
}
