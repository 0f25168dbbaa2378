/**
 * Exponentially weighted moving average and variance of a series, oldest
 * sample first (the incremental form in Finch, "Incremental calculation of
 * weighted mean and variance", 2009, §9): the mean starts at the first sample
 * with variance 0, and each later sample `x` moves it by `alpha · (x − mean)`.
 */
export interface Ewma {
  readonly mean: number;
  readonly variance: number;
}

export function ewmaOf(samples: readonly number[], alpha: number): Ewma | undefined {
  const [first, ...rest] = samples;
  if (first === undefined) return undefined;
  let mean = first;
  let variance = 0;
  for (const sample of rest) {
    const difference = sample - mean;
    const increment = alpha * difference;
    mean += increment;
    variance = (1 - alpha) * (variance + difference * increment);
  }
  return { mean, variance };
}

/** Standard deviations below this count as none: a flat history gives no z-score rather than an infinite one. */
export const minStandardDeviation = 1e-9;

/** `(value − mean) / sd`, or `undefined` when the history has no spread. */
export function zScoreOf(value: number, ewma: Ewma): number | undefined {
  const deviation = Math.sqrt(Math.max(ewma.variance, 0));
  return deviation < minStandardDeviation ? undefined : (value - ewma.mean) / deviation;
}
