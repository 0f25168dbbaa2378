import type { z } from 'zod';
import type { Issue } from '../primitives.ts';
import { SchemasError } from '../schemas-errors.ts';
import { topics } from '../topics/registry.ts';
import { requireTopic, type TopicName } from '../topics/topic-names.ts';
import { issuesOf, summarizeIssues } from './issues.ts';

/** The value type of a registered topic. */
export type TopicValue<Name extends TopicName> = z.output<(typeof topics)[Name]['valueSchema']>;

export type DecodeFailureReason = 'JSON_MALFORMED' | 'SCHEMA_INVALID';

export type DecodeResult<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly reason: DecodeFailureReason;
      readonly message: string;
      readonly issues: readonly Issue[];
    };

const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 JSON bytes of a value; throws `VIGIA_SCHEMAS_VALUE_INVALID` when it has no JSON form. */
export function encodeJson(value: unknown): Uint8Array {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new SchemasError('VIGIA_SCHEMAS_VALUE_INVALID', 'value cannot be serialized as JSON', { cause: error });
  }
  if (text === undefined) {
    throw new SchemasError('VIGIA_SCHEMAS_VALUE_INVALID', 'value has no JSON form', {
      context: { valueType: typeof value },
    });
  }
  return encoder.encode(text);
}

/** Parses UTF-8 JSON bytes and validates them against any schema. Never throws for bad input. */
export function decodeJsonWith<Schema extends z.ZodType>(schema: Schema, bytes: Uint8Array): DecodeResult<z.output<Schema>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(strictUtf8.decode(bytes));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: 'JSON_MALFORMED', message: `not UTF-8 JSON: ${detail}`, issues: [] };
  }
  if (exceedsDepth(parsed, maxJsonDepth)) {
    const message = `value is nested deeper than ${maxJsonDepth} levels`;
    return { ok: false, reason: 'SCHEMA_INVALID', message, issues: [{ path: '', message }] };
  }
  let result: z.ZodSafeParseResult<z.output<Schema>>;
  try {
    result = schema.safeParse(parsed);
  } catch (error) {
    // Validation of hostile input must not crash a stage; a stack overflow in a
    // recursive schema is the input's fault, not ours.
    const message = `value could not be validated: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, reason: 'SCHEMA_INVALID', message, issues: [{ path: '', message }] };
  }
  if (result.success) return { ok: true, value: result.data };
  const issues = issuesOf(result.error);
  return { ok: false, reason: 'SCHEMA_INVALID', message: summarizeIssues(issues), issues };
}

/**
 * Deepest nesting accepted. Real reports are a few levels deep; the bound
 * keeps recursive validation (raw records are arbitrary JSON) off the stack limit.
 */
export const maxJsonDepth = 64;

/** Iterative, so that measuring a hostile value cannot itself overflow the stack. */
function exceedsDepth(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Decodes a record value of a topic (base or namespaced name) against the
 * topic's schema. Bad bytes give a failure with a DLQ reason, never an
 * exception; only an unregistered topic name throws (a programming error).
 */
export function decodeTopicValue<Name extends TopicName>(topic: Name, bytes: Uint8Array): DecodeResult<TopicValue<Name>> {
  const { definition } = requireTopic(topic);
  return decodeJsonWith(definition.valueSchema, bytes) as DecodeResult<TopicValue<Name>>;
}

/**
 * Validates a value against its topic's schema and encodes it; the producer's
 * guard that nothing off-contract reaches a topic. Unknown keys are dropped.
 */
export function encodeTopicValue<Name extends TopicName>(topic: Name, value: TopicValue<Name>): Uint8Array {
  const { definition } = requireTopic(topic);
  const result = definition.valueSchema.safeParse(value);
  if (!result.success) {
    const issues = issuesOf(result.error);
    throw new SchemasError('VIGIA_SCHEMAS_VALUE_INVALID', `value does not match ${topic}: ${summarizeIssues(issues)}`, {
      context: { topic, issues: issues.map((issue) => ({ ...issue })) },
    });
  }
  return encodeJson(result.data);
}

/** The registry's schema for a topic, e.g. to validate HTTP bodies with the same contract. */
export function valueSchemaOf<Name extends TopicName>(topic: Name): (typeof topics)[Name]['valueSchema'] {
  return topics[topic].valueSchema;
}
