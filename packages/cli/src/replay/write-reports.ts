import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportFile } from '@vigia/replay';
import { CliError } from '../cli-errors.ts';

/**
 * Writes every report beside its final name first (`.<name>.tmp-<pid>`), then
 * renames them into place: an interruption or a full disk leaves the
 * previous reports or the new ones, never a half-written file; leftovers of
 * a failed write are removed.
 */
export async function writeReports(dir: string, files: readonly ReportFile[]): Promise<string[]> {
  const staged: { readonly temporary: string; readonly final: string }[] = [];
  try {
    await mkdir(dir, { recursive: true });
    for (const file of files) {
      const entry = { temporary: join(dir, `.${file.name}.tmp-${process.pid}`), final: join(dir, file.name) };
      staged.push(entry);
      await writeFile(entry.temporary, file.content, { flag: 'wx' });
    }
    for (const entry of staged) await rename(entry.temporary, entry.final);
    return staged.map((entry) => entry.final);
  } catch (error) {
    await Promise.all(staged.map((entry) => rm(entry.temporary, { force: true })));
    throw new CliError('VIGIA_CLI_REPORT_UNWRITABLE', `cannot write the reports to ${dir}: ${(error as Error).message}`, { cause: error, context: { dir } });
  }
}
