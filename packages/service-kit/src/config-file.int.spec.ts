import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isVigiaError } from '@vigia/schemas';
import { describe, expect, it, onTestFinished } from 'vitest';
import { readConfigFile } from './config-file.ts';

async function fileOf(bytes: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigia-config-file-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'rules.yaml');
  await writeFile(path, 'é'.repeat(bytes / 2));
  return path;
}

describe('readConfigFile (issue 13: configuration files have a size cap)', () => {
  it('reads a file up to the cap', async () => {
    expect(await readConfigFile(await fileOf(1024), { maxBytes: 1024 })).toBe('é'.repeat(512));
  });

  it('refuses a larger file without reading it, naming the path and the cap', async () => {
    const path = await fileOf(1026);
    const error = await readConfigFile(path, { maxBytes: 1024 }).catch((caught: unknown) => caught);
    expect(isVigiaError(error, 'VIGIA_CONFIG_FILE_TOO_LARGE')).toBe(true);
    expect((error as Error).message).toContain(path);
  });

  it('lets I/O errors through as they are', async () => {
    await expect(readConfigFile(join(tmpdir(), 'vigia-no-such-file.yaml'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
