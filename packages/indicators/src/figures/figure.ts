import type { IndicatorWindow } from '@vigia/schemas';
import type { DayNumber } from '../time/days.ts';

/** One computed indicator: what `IndicatorValue` publishes, minus identity and history. */
export interface Figure {
  readonly metric: string;
  readonly window: IndicatorWindow;
  readonly value: number;
  readonly contributingEvents: number;
  readonly asOf: DayNumber;
}

/** The figures of one group (a daily series, or a region's survey figures) by `metric|window`. */
export type Figures = ReadonlyMap<string, Figure>;

export function figureKey(metric: string, window: IndicatorWindow): string {
  return `${metric}|${window}`;
}

/** Adds a figure when its value is defined and finite (a figure is never NaN or infinite). */
export function putFigure(figures: Map<string, Figure>, figure: Omit<Figure, 'value'> & { value: number | undefined }): void {
  if (figure.value === undefined || !Number.isFinite(figure.value)) return;
  figures.set(figureKey(figure.metric, figure.window), figure as Figure);
}
