import { dlqReasonCodes } from '../dlq/dlq-reasons.ts';
import { topics } from '../topics/registry.ts';
import type { TopicDefinition } from '../topics/topic-definition.ts';
import { topicNames } from '../topics/topic-names.ts';
import { cloudEventTypesOf } from '../topics/topic-specs.ts';
import { jsonSchemaDir, schemaFileNameOf, schemaIdOf } from './topic-json-schema.ts';

export const exportCommand = 'node packages/schemas/scripts/export-json-schema.ts';

const dayMs = 86_400_000;

function retentionText(definition: TopicDefinition): string {
  if (definition.cleanupPolicy === 'compact') return 'compacted (latest per key)';
  if (definition.retentionMs === undefined) return 'broker default';
  if (definition.retentionMs === -1) return 'forever';
  const days = definition.retentionMs / dayMs;
  return Number.isInteger(days) ? `${days} days` : `${definition.retentionMs} ms`;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** `docs/topics.md`: the topic table and one section per topic, all from the registry. */
export function renderTopicsMarkdown(): string {
  const lines: string[] = [
    `<!-- Generated from packages/schemas (topic registry). Do not edit: run \`${exportCommand}\`. -->`,
    '',
    '# Vigía topics',
    '',
    'Every topic, its key, partitioning, retention and value contract. Values are UTF-8 JSON validated by',
    `the JSON Schemas in \`${jsonSchemaDir}/\` (draft 2020-12). CloudEvents 1.0 attributes travel as Kafka`,
    'headers in binary mode: `ce_specversion` (`1.0`), `ce_id`, `ce_source`, `ce_type`, `ce_time` (RFC 3339),',
    'optional `ce_subject` and `ce_dataschema` (the schema `$id`), and `content-type: application/json`.',
    '',
    'A breaking change is a new topic version (`.v2`), never an edit of `.v1`; adding an optional field is',
    "compatible, so consumers must ignore properties they do not know. Analysts' replays run in a namespace:",
    '`replay-42.vigia.events.v1` has the same contract as `vigia.events.v1`.',
    '',
    '| topic | key | partitions | cleanup | retention | CloudEvents type | schema |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const name of topicNames) {
    const definition = topics[name];
    const types = cloudEventTypesOf(name)
      .map((type) => `\`${type}\``)
      .join('<br>');
    const schema = `[${schemaFileNameOf(name)}](../${jsonSchemaDir}/${schemaFileNameOf(name)})`;
    lines.push(
      `| \`${name}\` | ${keySummary(definition)} | ${definition.partitions} | ${definition.cleanupPolicy} | ` +
        `${retentionText(definition)} | ${types} | ${schema} |`,
    );
  }
  lines.push(
    '',
    'Keys marked *by region* are partitioned by their region part alone (text before the first `|`):',
    "`partition = toPositive(murmur2(region)) mod partitions`, where Kafka's default partitioner would put the key",
    '`region`. These topics are co-partitioned and must keep equal partition counts, so that one instance owns',
    "a region's contributions, buckets, indicators and alert state.",
  );
  for (const name of topicNames) lines.push('', ...topicSection(name, topics[name]));
  lines.push('', '## DLQ reason codes', '', '| code | meaning |', '| --- | --- |');
  for (const [code, description] of Object.entries(dlqReasonCodes)) {
    lines.push(`| \`${code}\` | ${cell(description)} |`);
  }
  lines.push('');
  return lines.join('\n');
}

const partitioningNote = {
  key: '',
  'region-prefix': ', *by region*',
  'single-partition': ', *single partition*',
} as const;

function keySummary(definition: TopicDefinition): string {
  return `\`${cell(definition.key.format)}\`${partitioningNote[definition.key.partitionBy]}`;
}

function topicSection(name: (typeof topicNames)[number], definition: TopicDefinition): string[] {
  return [
    `## \`${name}\` — ${definition.title}`,
    '',
    definition.description,
    '',
    `- **Key**: ${definition.key.description} Example: \`${definition.key.example}\`.`,
    `- **Partitions**: ${definition.partitions}. ${definition.partitionsWhy}`,
    `- **Cleanup / retention**: ${definition.cleanupPolicy}, ${retentionText(definition)}. ${definition.retentionWhy}`,
    `- **Tombstones**: ${definition.tombstones ? 'yes (null value deletes the key)' : 'no'}.`,
    `- **Value types**: ${definition.valueTypes.map((type) => `\`${type}\``).join(', ')}.`,
    `- **Schema**: \`${schemaIdOf(name)}\` → \`${jsonSchemaDir}/${schemaFileNameOf(name)}\`.`,
    `- **Producers**: ${definition.producers.join(', ')}. **Consumers**: ${definition.consumers.join(', ')}.`,
  ];
}
