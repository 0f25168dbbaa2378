import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { topicNames } from '../topics/topic-names.ts';
import { generatedFiles } from './generated-files.ts';
import { topicExamples } from './topic-examples.ts';
import { jsonSchemaDir, schemaIdOf, topicJsonSchema } from './topic-json-schema.ts';
import { exportCommand } from './topics-markdown.ts';

const repoRoot = new URL('../../../../', import.meta.url);

function readChecked(path: string): string | undefined {
  try {
    return readFileSync(new URL(path, repoRoot), 'utf8');
  } catch {
    return undefined;
  }
}

describe('checked-in contract files', () => {
  it.each(generatedFiles().map((file) => [file.path, file.content] as const))('%s is up to date', (path, content) => {
    const checkedIn = readChecked(path);
    expect(checkedIn, `${path} is missing or stale: run \`${exportCommand}\` and commit the result`).toBe(content);
  });

  it('has no schema file for a topic that is not registered', () => {
    const expected = generatedFiles()
      .map((file) => file.path)
      .filter((path) => path.startsWith(jsonSchemaDir));
    const present = readdirSync(new URL(`${jsonSchemaDir}/`, repoRoot)).map((name) => `${jsonSchemaDir}/${name}`);
    expect(present.sort(), `stale files in ${jsonSchemaDir}: run \`${exportCommand}\``).toEqual(expected.sort());
  });
});

describe('generated JSON Schemas', () => {
  // Formats are covered by the patterns zod emits next to them; strict mode still checks the schemas themselves.
  const ajv = new Ajv2020({ strict: true, validateFormats: false, allErrors: true });

  it.each(topicNames)('%s is a valid draft 2020-12 schema that accepts its example', (topic) => {
    const schema = topicJsonSchema(topic);
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: schemaIdOf(topic),
      title: expect.stringContaining(topic),
    });
    const validate = ajv.getSchema(schemaIdOf(topic)) ?? ajv.compile(schema);
    expect(validate(topicExamples[topic]), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects values zod rejects for their shape (wrong enum, missing field, bad date)', () => {
    const validate = ajv.getSchema(schemaIdOf('vigia.indicators.v2')) ?? ajv.compile(topicJsonSchema('vigia.indicators.v2'));
    const example = topicExamples['vigia.indicators.v2'];
    const { figures: _, ...missing } = example;
    const badWindow = { ...example, figures: [{ ...example.figures[0]!, window: '14d' }] };
    for (const bad of [badWindow, missing, { ...example, asOf: '2021-02-29' }]) {
      expect(validate(bad)).toBe(false);
    }
  });

  it('lets subscribers accept properties added later (no additionalProperties: false)', () => {
    const validate = ajv.getSchema(schemaIdOf('vigia.events.v1')) ?? ajv.compile(topicJsonSchema('vigia.events.v1'));
    expect(validate({ ...topicExamples['vigia.events.v1'], addedInAFutureRelease: true })).toBe(true);
    for (const file of generatedFiles()) expect(file.content, file.path).not.toContain('"additionalProperties": false');
  });
});
