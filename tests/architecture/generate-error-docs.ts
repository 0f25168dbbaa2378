/**
 * Writes `docs/errors.md` from every package's error-code list.
 *
 *   node tests/architecture/generate-error-docs.ts          # write the file
 *   node tests/architecture/generate-error-docs.ts --check  # exit 1 if it is stale
 *
 * A code without a description is rendered as **undocumented**; the
 * architecture test fails on it, naming the list to complete.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { collectErrorCatalog, errorDocsPath, regenerateErrorDocsCommand, renderErrorDocs } from './error-codes.ts';
import { repoRoot } from './workspace.ts';

const target = join(repoRoot, errorDocsPath);
const rendered = renderErrorDocs(await collectErrorCatalog());
const current = await readFile(target, 'utf8').catch(() => '');

if (process.argv.includes('--check')) {
  if (current !== rendered) {
    process.stderr.write(`${errorDocsPath} is stale; run: ${regenerateErrorDocsCommand}\n`);
    process.exitCode = 1;
  }
} else if (current !== rendered) {
  await writeFile(target, rendered);
  process.stdout.write(`wrote ${errorDocsPath}\n`);
} else {
  process.stdout.write(`${errorDocsPath} is up to date\n`);
}
