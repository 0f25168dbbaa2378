/** What a command may touch of the process: passed in, so tests run commands in-process. */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Only `main.ts` passes `process.env`; commands read their variables from here. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Read when the input file is `-`. */
  readonly stdin?: AsyncIterable<Uint8Array | string>;
  /** Milliseconds since an arbitrary origin; replaceable so progress output is testable. */
  readonly nowMs?: () => number;
}

export interface OutputStream {
  write(text: string): unknown;
  /** True for a terminal: progress is then drawn as a bar, redrawn in place. */
  readonly isTTY?: boolean;
  readonly columns?: number;
}
