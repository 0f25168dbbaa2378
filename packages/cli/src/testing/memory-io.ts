import type { CliIo, OutputStream } from '../cli-io.ts';

/** An output stream that keeps what is written, for assertions. */
export interface MemoryStream extends OutputStream {
  text(): string;
}

export function memoryStream(options: { isTTY?: boolean; columns?: number } = {}): MemoryStream {
  const chunks: string[] = [];
  return {
    ...options,
    write(text: string) {
      chunks.push(text);
      return true;
    },
    text: () => chunks.join(''),
  };
}

/** IO for running commands in-process: output in memory, the given environment. */
export function memoryIo(env: Record<string, string> = {}, extra: Partial<CliIo> = {}): CliIo & { stdout: MemoryStream; stderr: MemoryStream } {
  return { stdout: memoryStream(), stderr: memoryStream(), env, ...extra } as CliIo & { stdout: MemoryStream; stderr: MemoryStream };
}
