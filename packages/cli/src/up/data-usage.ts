import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes under a folder (files only; a folder that vanished counts 0). */
export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isFile())
      total += await stat(join(entry.parentPath, entry.name)).then(
        (info) => info.size,
        () => 0,
      );
  }
  return total;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(0)} MB`;
  return `${Math.ceil(bytes / 1024)} kB`;
}

/**
 * Where a run's data lives and how to remove it — each run of `vigia up`
 * keeps its own log, so runs add up unless someone is told.
 */
export async function dataNotice(where: {
  readonly dataDir?: string;
  readonly namespace?: string | undefined;
  readonly brokers?: string | undefined;
}): Promise<string> {
  if (where.dataDir !== undefined) {
    const size = formatBytes(await folderBytes(where.dataDir));
    return `vigia up: this run's data is in ${where.dataDir} (${size}); remove it with: rm -rf '${where.dataDir}' (every run: rm -rf .vigia/up)`;
  }
  return (
    `vigia up: this run's topics are on Kafka at ${where.brokers ?? '?'} in namespace ${where.namespace ?? '?'} (topics ${where.namespace ?? '?'}.vigia.*); ` +
    `remove them with: kafka-topics.sh --bootstrap-server ${where.brokers ?? '?'} --delete --topic '${where.namespace ?? '?'}\\..*'`
  );
}
