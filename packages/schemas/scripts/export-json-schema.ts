/**
 * Regenerates the checked-in contract files from the topic registry:
 * `packages/schemas/json-schema/<topic>.schema.json` and `docs/topics.md`.
 * Run from anywhere with Node 24: `node packages/schemas/scripts/export-json-schema.ts`.
 * A unit test fails when the checked-in files differ from what this writes.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFiles, jsonSchemaDir } from '../src/index.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const files = generatedFiles();

for (const file of files) {
  const target = join(repoRoot, file.path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, file.content);
  process.stdout.write(`wrote ${file.path}\n`);
}

// A topic removed from the registry must not leave its schema behind.
const wanted = new Set(files.map((file) => file.path));
for (const entry of await readdir(join(repoRoot, jsonSchemaDir))) {
  const path = `${jsonSchemaDir}/${entry}`;
  if (entry.endsWith('.schema.json') && !wanted.has(path)) {
    await rm(join(repoRoot, path));
    process.stdout.write(`removed ${path}\n`);
  }
}
