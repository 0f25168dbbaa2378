import type { OutputStream } from '../cli-io.ts';

/** Where a run is: what was read of the input and what became of the records. */
export interface ProgressState {
  readonly bytesRead: number;
  readonly totalBytes: number | undefined;
  readonly accepted: number;
  readonly rejected: number;
  readonly elapsedMs: number;
  /** What `bytesRead` and `totalBytes` count: bytes of a file (default) or records of a topic. */
  readonly unit?: 'bytes' | 'records';
}

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** `12.3 MiB`: binary units, one decimal from KiB on. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function recordsPerSecond(state: Pick<ProgressState, 'accepted' | 'rejected' | 'elapsedMs'>): number {
  return state.elapsedMs <= 0 ? 0 : ((state.accepted + state.rejected) * 1000) / state.elapsedMs;
}

function percent(state: ProgressState): number | undefined {
  if (state.totalBytes === undefined) return undefined;
  return state.totalBytes === 0 ? 100 : Math.min(100, Math.floor((state.bytesRead * 100) / state.totalBytes));
}

function counts(state: ProgressState): string {
  return `${number.format(recordsPerSecond(state))} rec/s  accepted ${number.format(state.accepted)}  rejected ${number.format(state.rejected)}`;
}

function amount(state: ProgressState, value: number): string {
  return state.unit === 'records' ? `${number.format(value)} rec` : formatBytes(value);
}

/** `ETA 1m 05s` from the rate so far, once something was read and the total is known; '' otherwise. */
export function formatEta(state: ProgressState): string {
  if (state.totalBytes === undefined || state.bytesRead <= 0 || state.elapsedMs <= 0) return '';
  const remainingS = Math.max(0, Math.round(((state.totalBytes - state.bytesRead) * state.elapsedMs) / state.bytesRead / 1000));
  const minutes = Math.floor(remainingS / 60);
  return `ETA ${minutes > 0 ? `${minutes}m ${String(remainingS % 60).padStart(2, '0')}s` : `${remainingS}s`}`;
}

/** One line for a terminal: `  42% [██████░░░░] 12.3 MiB/29.1 MiB  4,210 rec/s  accepted 10,002  rejected 3`. */
export function formatBar(state: ProgressState, barWidth = 24): string {
  const done = percent(state);
  const read = amount(state, state.bytesRead);
  if (done === undefined) return `${read} read  ${counts(state)}`;
  const filled = Math.round((done * barWidth) / 100);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}`;
  const eta = formatEta(state);
  return `${String(done).padStart(3)}% [${bar}] ${read}/${amount(state, state.totalBytes ?? 0)}  ${counts(state)}${eta === '' ? '' : `  ${eta}`}`;
}

/** One self-contained line for logs: `progress 42% (12.3 MiB of 29.1 MiB), 10,005 records, …`. */
export function formatProgressLine(state: ProgressState): string {
  const done = percent(state);
  const where = done === undefined ? amount(state, state.bytesRead) : `${done}% (${amount(state, state.bytesRead)} of ${amount(state, state.totalBytes ?? 0)})`;
  const records = state.accepted + state.rejected;
  const eta = formatEta(state);
  return `progress ${where}, ${number.format(records)} records, ${counts(state)}, ${(state.elapsedMs / 1000).toFixed(1)} s${eta === '' ? '' : `, ${eta}`}`;
}

export type ResolvedProgressMode = 'bar' | 'plain' | 'none';

/**
 * Shows progress on stderr: a bar redrawn in place on a terminal (at most ten
 * times a second), a plain line every `intervalMs` otherwise (a CI log or a
 * file must not fill up with carriage returns). Notes (rejections, retries)
 * are printed above the bar. It uses no timers: it draws when told about
 * progress, so it can never keep the process alive.
 */
export class ProgressReporter {
  readonly #stream: OutputStream;
  readonly #mode: ResolvedProgressMode;
  readonly #intervalMs: number;
  readonly #nowMs: () => number;
  #lastDrawMs = Number.NEGATIVE_INFINITY;
  #barShown = false;
  #last: ProgressState | undefined;

  constructor(options: { stream: OutputStream; mode: ResolvedProgressMode; intervalMs: number; nowMs: () => number }) {
    this.#stream = options.stream;
    this.#mode = options.mode;
    this.#intervalMs = options.mode === 'bar' ? 100 : options.intervalMs;
    this.#nowMs = options.nowMs;
    if (options.mode === 'plain') this.#lastDrawMs = options.nowMs();
  }

  update(state: ProgressState): void {
    this.#last = state;
    if (this.#mode === 'none') return;
    const now = this.#nowMs();
    if (now - this.#lastDrawMs < this.#intervalMs) return;
    this.#lastDrawMs = now;
    this.#draw(state);
  }

  note(line: string): void {
    this.#clear();
    this.#stream.write(`${line}\n`);
    if (this.#mode === 'bar' && this.#last !== undefined) this.#draw(this.#last);
  }

  /** Draws the final state (on a terminal) and leaves the line. */
  finish(): void {
    if (this.#mode === 'bar' && this.#last !== undefined) {
      this.#draw(this.#last);
      this.#stream.write('\n');
      this.#barShown = false;
    }
  }

  #draw(state: ProgressState): void {
    if (this.#mode === 'bar') {
      // Some pseudo-terminals report 0 columns: treat that as unknown.
      const width = this.#stream.columns === undefined || this.#stream.columns <= 0 ? 100 : this.#stream.columns;
      this.#stream.write(`\r\x1b[K${formatBar(state).slice(0, Math.max(width - 1, 20))}`);
      this.#barShown = true;
    } else if (this.#mode === 'plain') {
      this.#stream.write(`${formatProgressLine(state)}\n`);
    }
  }

  #clear(): void {
    if (!this.#barShown) return;
    this.#stream.write('\r\x1b[K');
    this.#barShown = false;
  }
}
