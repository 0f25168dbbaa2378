import type { RejectionIssue } from '@vigia/bus';
import { engineInputOf, type EngineInput } from '@vigia/rules';
import { decodeTopicValue, requireTopic, type AlerterJob, type DlqReasonCode } from '@vigia/schemas';

/** What one input record means to an evaluation stage. */
export type DecodedInput =
  /** `nowStreamTime` undefined: the inputs move no time (survey figures and changes are annual, not daily time). */
  | { readonly kind: 'engine'; readonly inputs: readonly EngineInput[]; readonly nowStreamTime: string | undefined }
  | { readonly kind: 'job'; readonly job: AlerterJob }
  | { readonly kind: 'skip' }
  | { readonly kind: 'reject'; readonly reason: DlqReasonCode; readonly message: string; readonly issues: readonly RejectionIssue[] };

/**
 * Decodes a record of an alerter input topic (indicators, contributions,
 * events, the jobs topic) into an engine input and the stream time it
 * happened at. Tombstones are skipped; bad values are DLQ rejections.
 *
 * Stream time and what the rules skip are `@vigia/rules`' `engineInputOf`,
 * which analysts' replays use too.
 */
export function decodeInput(physicalTopic: string, value: Uint8Array | null): DecodedInput {
  if (value === null) return { kind: 'skip' };
  const { base } = requireTopic(physicalTopic);
  switch (base) {
    case 'vigia.indicators.v2':
    case 'vigia.contributions.v1':
    case 'vigia.events.v1': {
      const decoded = decodeTopicValue(base, value);
      if (!decoded.ok) return rejection(decoded);
      const routed = engineInputOf(decoded.value);
      return routed === undefined ? { kind: 'skip' } : { kind: 'engine', ...routed };
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

function rejection(failure: {
  readonly reason: DlqReasonCode;
  readonly message: string;
  readonly issues: readonly { readonly path: unknown; readonly message: string }[];
}): DecodedInput {
  return {
    kind: 'reject',
    reason: failure.reason,
    message: failure.message,
    issues: failure.issues.map((issue) => ({ path: String(issue.path), message: issue.message })),
  };
}
