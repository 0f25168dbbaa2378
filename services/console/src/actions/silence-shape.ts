import { isoDateTimeSchema, labelNameSchema, type LabelMatcher } from '@vigia/schemas';
import { z } from 'zod';

/**
 * Alertmanager's silence shape (API v2 `PostableSilence` / `GettableSilence`),
 * so that amtool habits and tools carry over. A silence here starts when it is
 * created: Vigía's `silence.created` action has no later start.
 */
export const amMatcherSchema = z.object({
  name: labelNameSchema,
  value: z.string().max(256),
  isRegex: z.boolean().default(false),
  isEqual: z.boolean().default(true),
});
export type AmMatcher = z.output<typeof amMatcherSchema>;

export const postableSilenceSchema = z.object({
  matchers: z.array(amMatcherSchema).min(1).max(20),
  startsAt: isoDateTimeSchema.optional().describe('Ignored when not later than now: silences start when created'),
  endsAt: isoDateTimeSchema,
  comment: z.string().trim().min(1, 'say why: silences stay accountable').max(2000),
  /** Alertmanager takes the author from the body; Vigía records the API key's id instead, so it cannot be forged. */
  createdBy: z.string().max(200).optional(),
});
export type PostableSilence = z.output<typeof postableSilenceSchema>;

export type SilenceState = 'active' | 'expired';

export interface GettableSilence {
  readonly id: string;
  readonly status: { readonly state: SilenceState };
  readonly updatedAt: string;
  readonly matchers: readonly AmMatcher[];
  readonly startsAt: string;
  readonly endsAt: string;
  readonly createdBy: string;
  readonly comment: string;
  /** Who expired it early, and when; absent while it runs to its end. */
  readonly expiredBy?: string;
}

export function toLabelMatcher(matcher: AmMatcher): LabelMatcher {
  const operator = matcher.isRegex ? (matcher.isEqual ? '=~' : '!~') : matcher.isEqual ? '=' : '!=';
  return { label: matcher.name, operator, value: matcher.value };
}

export function toAmMatcher(matcher: LabelMatcher): AmMatcher {
  return { name: matcher.label, value: matcher.value, isRegex: matcher.operator.endsWith('~'), isEqual: !matcher.operator.startsWith('!') };
}
