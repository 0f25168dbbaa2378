import type { CliIo, OutputStream } from '../cli-io.ts';

/** An output stream that keeps what is written, for assertions. */
export interface MemoryStream extends OutputStream {
  text(): string;
  /**
   * Resolves with the match once everything written so far matches `pattern`
   * (checked on every write, so a test waits for the output, not for a time);
   * rejects after `timeoutMs` naming the pattern.
   */
  until(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
}

export function memoryStream(options: { isTTY?: boolean; columns?: number } = {}): MemoryStream {
  const chunks: string[] = [];
  const waiters = new Set<() => void>();
  const text = () => chunks.join('');
  return {
    ...options,
    write(chunk: string) {
      chunks.push(chunk);
      for (const check of [...waiters]) check();
      return true;
    },
    text,
    until(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no output matched ${String(pattern)} within ${timeoutMs} ms; output so far:\n${text()}`));
        }, timeoutMs);
        function check(): void {
          const match = pattern.exec(text());
          if (match === null) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(match);
        }
        waiters.add(check);
        check();
      });
    },
  };
}

/** IO for running commands in-process: output in memory, the given environment. */
export function memoryIo(env: Record<string, string> = {}, extra: Partial<CliIo> = {}): CliIo & { stdout: MemoryStream; stderr: MemoryStream } {
  return { stdout: memoryStream(), stderr: memoryStream(), env, ...extra } as CliIo & { stdout: MemoryStream; stderr: MemoryStream };
}
