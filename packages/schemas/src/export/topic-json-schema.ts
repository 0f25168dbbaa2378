import { z } from 'zod';
import { topics } from '../topics/registry.ts';
import { topicExamples } from './topic-examples.ts';
import type { TopicName } from '../topics/topic-names.ts';

/** Folder of the generated JSON Schemas, relative to the repository root. */
export const jsonSchemaDir = 'packages/schemas/json-schema';

/**
 * `$id` of a topic's JSON Schema, also sent as the CloudEvents `dataschema`.
 * A URN, because Vigía has no public host for its schemas: subscribers map it
 * to the checked-in file `json-schema/<topic>.schema.json`.
 */
export function schemaIdOf(topic: TopicName): string {
  return `urn:vigia:schema:${topic}`;
}

export function schemaFileNameOf(topic: TopicName): string {
  return `${topic}.schema.json`;
}

/**
 * The JSON Schema (draft 2020-12) of a topic's value. Generated from the input
 * side of the zod schema, which does not forbid unknown properties: adding an
 * optional field is then a compatible change for subscribers that validate
 * with it, and only breaking changes need a `.v2` topic.
 */
export function topicJsonSchema(topic: TopicName): Record<string, unknown> {
  const definition = topics[topic];
  const generated = z.toJSONSchema(definition.valueSchema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'throw',
  }) as Record<string, unknown>;
  const { $schema, ...rest } = inlineRootReference(generated);
  return {
    $schema,
    $id: schemaIdOf(topic),
    title: `${topic}: ${definition.title}`,
    description: `${definition.description} Key: ${definition.key.description}`,
    ...rest,
    examples: [topicExamples[topic]],
  };
}

/**
 * A root schema that has a named $def of its own comes out as `{ $ref, $defs }`;
 * inline it so the root says what the value is (other $defs never refer to it).
 */
function inlineRootReference(schema: Record<string, unknown>): Record<string, unknown> {
  const { $ref, $defs, ...rest } = schema as { $ref?: unknown; $defs?: Record<string, unknown> };
  const prefix = '#/$defs/';
  if (typeof $ref !== 'string' || !$ref.startsWith(prefix) || $defs === undefined) return schema;
  const name = $ref.slice(prefix.length);
  const { [name]: root, ...otherDefs } = $defs;
  if (root === undefined || JSON.stringify(otherDefs).includes(`"${$ref}"`)) return schema;
  const { description: _description, ...rootBody } = root as Record<string, unknown>;
  return { ...rest, ...rootBody, ...(Object.keys(otherDefs).length > 0 ? { $defs: otherDefs } : {}) };
}
