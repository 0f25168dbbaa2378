import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { CliError } from '../cli-errors.ts';

/** The input of `vigia ingest`: a file, or standard input for `-`, read in chunks. */
export interface InputSource {
  /** The file's base name (`stdin` for `-`), recorded with the reports. */
  readonly name: string;
  /** Size of the file; undefined for standard input. */
  readonly totalBytes: number | undefined;
  /** Bytes handed out so far. */
  readonly bytesRead: number;
  chunks(): AsyncIterable<Uint8Array>;
}

const chunkBytes = 256 * 1024;

/** Opens the input; throws `VIGIA_CLI_INPUT_UNREADABLE` naming the file and why. */
export async function openInput(file: string, stdin: AsyncIterable<Uint8Array | string> | undefined): Promise<InputSource> {
  if (file === '-') {
    if (stdin === undefined) throw new CliError('VIGIA_CLI_INPUT_UNREADABLE', 'standard input is not available');
    return counted('stdin', undefined, stdin);
  }
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new CliError('VIGIA_CLI_INPUT_UNREADABLE', `${file} is not a file`, { context: { file } });
    size = info.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CliError('VIGIA_CLI_INPUT_UNREADABLE', `cannot read ${file} (${reason})`, { cause: error, context: { file } });
  }
  return counted(basename(file), size, createReadStream(file, { highWaterMark: chunkBytes }));
}

function counted(name: string, totalBytes: number | undefined, stream: AsyncIterable<Uint8Array | string>): InputSource {
  let bytesRead = 0;
  return {
    name,
    totalBytes,
    get bytesRead() {
      return bytesRead;
    },
    async *chunks() {
      try {
        for await (const chunk of stream) {
          const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
          bytesRead += bytes.byteLength;
          yield bytes;
        }
      } catch (error) {
        if (error instanceof CliError) throw error;
        throw new CliError('VIGIA_CLI_INPUT_UNREADABLE', `reading ${name} failed: ${(error as Error).message}`, { cause: error });
      }
    },
  };
}
