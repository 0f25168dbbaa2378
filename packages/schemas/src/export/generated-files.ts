import { topicNames } from '../topics/topic-names.ts';
import { jsonSchemaDir, schemaFileNameOf, topicJsonSchema } from './topic-json-schema.ts';
import { renderTopicsMarkdown } from './topics-markdown.ts';

export interface GeneratedFile {
  /** Relative to the repository root, `/`-separated. */
  readonly path: string;
  readonly content: string;
}

export const topicsDocPath = 'docs/topics.md';

/** Every checked-in file derived from the registry, with its exact content. */
export function generatedFiles(): GeneratedFile[] {
  const schemas = topicNames.map((name) => ({
    path: `${jsonSchemaDir}/${schemaFileNameOf(name)}`,
    content: `${JSON.stringify(topicJsonSchema(name), null, 2)}\n`,
  }));
  return [...schemas, { path: topicsDocPath, content: renderTopicsMarkdown() }];
}
