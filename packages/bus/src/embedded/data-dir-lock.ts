/**
 * One process at a time per data directory. A lock file holds the owner's
 * pid; it is created exclusively (`wx`), so two processes cannot both win.
 * A lock whose pid is no longer alive is stale (the owner crashed) and is
 * taken over. Inside one process a module-level set refuses a second open
 * bus on the same directory, while a closed (or crashed) one frees it, which
 * is what restart tests do.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { EmbeddedBusError, storageError } from './embedded-errors.ts';
import { isNotFound } from './file-io.ts';

export const LOCK_FILE = '.lock';

const heldInThisProcess = new Set<string>();

export interface DataDirLock {
  /** Removes the lock file and frees the directory. Idempotent. */
  release(): Promise<void>;
  /** Frees the directory for this process without touching the file, as a dying process would. */
  abandon(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

function lockedError(dataDir: string, detail: string): EmbeddedBusError {
  return new EmbeddedBusError(
    'VIGIA_BUS_DATA_DIR_LOCKED',
    `the embedded log in ${dataDir} is in use by ${detail}; stop it, or give this process its own data directory`,
    { path: dataDir, operation: 'open' },
  );
}

async function createLockFile(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx');
    try {
      await handle.writeFile(`${process.pid}\n`);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') return false;
    throw error;
  }
}

/** Takes the lock of `dataDir` (which must exist) or throws `VIGIA_BUS_DATA_DIR_LOCKED`. */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  if (heldInThisProcess.has(dataDir)) throw lockedError(dataDir, 'another open bus in this process');
  const path = join(dataDir, LOCK_FILE);
  heldInThisProcess.add(dataDir);
  try {
    for (let attempt = 0; !(await createLockFile(path)); attempt++) {
      let owner: number;
      try {
        owner = Number.parseInt(await readFile(path, 'utf8'), 10);
      } catch (error) {
        if (isNotFound(error) && attempt < 3) continue; // released meanwhile: try again
        throw error;
      }
      // Our own pid here means an earlier bus of this process crashed without releasing.
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw lockedError(dataDir, `process ${owner}`);
      }
      if (attempt >= 3) throw lockedError(dataDir, 'a process that keeps re-creating the lock');
      await rm(path, { force: true });
    }
  } catch (error) {
    heldInThisProcess.delete(dataDir);
    if (error instanceof EmbeddedBusError) throw error;
    throw storageError(error, `could not lock ${dataDir}`, { path, operation: 'open' });
  }

  let held = true;
  return {
    async release() {
      if (!held) return;
      held = false;
      try {
        await rm(path, { force: true });
      } finally {
        heldInThisProcess.delete(dataDir);
      }
    },
    abandon() {
      held = false;
      heldInThisProcess.delete(dataDir);
    },
  };
}
