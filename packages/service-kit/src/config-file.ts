import { open } from 'node:fs/promises';
import { ServiceKitError } from './errors.ts';

/**
 * Largest configuration file read by default (rule files, PEM bundles): real
 * ones are a few kilobytes; a pasted log or a wrong path to a data file is
 * refused before it costs seconds and hundreds of megabytes to parse.
 */
export const defaultMaxConfigFileBytes = 1024 * 1024;

/**
 * Reads a UTF-8 configuration file of at most `maxBytes`, without ever holding
 * more than `maxBytes + 1` bytes of it: the size is checked before reading and
 * the read itself is bounded, so a file that grows meanwhile is refused too.
 * Throws `VIGIA_CONFIG_FILE_TOO_LARGE`; I/O errors (ENOENT…) pass through.
 */
export async function readConfigFile(path: string | URL, options: { readonly maxBytes?: number } = {}): Promise<string> {
  const maxBytes = options.maxBytes ?? defaultMaxConfigFileBytes;
  const tooLarge = (size: number) =>
    new ServiceKitError('VIGIA_CONFIG_FILE_TOO_LARGE', `${String(path)} is larger than ${maxBytes} bytes (${size} or more); is it the right file?`, {
      context: { path: String(path), maxBytes },
    });
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw tooLarge(size);
    const buffer = Buffer.alloc(maxBytes + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > maxBytes) throw tooLarge(filled);
    return buffer.toString('utf8', 0, filled);
  } finally {
    await handle.close();
  }
}
