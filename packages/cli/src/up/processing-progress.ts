import type { OutputStream } from '../cli-io.ts';

/**
 * Progress while the stages work through the scenario: on a terminal one line
 * redrawn in place; elsewhere (CI logs, pipes) a line at most every 5 s, so a
 * long run still shows it is moving without flooding the log.
 */
export function processingProgress(out: OutputStream, nowMs: () => number): { update: (lag: number) => void; done: () => void } {
  const startMs = nowMs();
  let lastLineMs = startMs;
  let peak = 0;
  let drawn = false;
  return {
    update(lag) {
      peak = Math.max(peak, lag);
      const done = peak === 0 ? 100 : Math.floor(((peak - lag) / peak) * 100);
      const text = `  processing: ${lag} records still to go across the stages (${done} %), ${((nowMs() - startMs) / 1000).toFixed(0)} s`;
      if (out.isTTY === true) {
        out.write(`\r${text}\u001b[K`);
        drawn = true;
      } else if (nowMs() - lastLineMs >= 5_000) {
        out.write(`${text}\n`);
        lastLineMs = nowMs();
      }
    },
    done() {
      if (drawn) out.write('\n');
    },
  };
}
