import type { IndicatorWindow } from '@vigia/schemas';
import type { DayNumber } from '../time/days.ts';

/** One computed indicator: what `IndicatorValue` publishes, minus identity and history. */
export interface Figure {
  readonly metric: string;
  readonly window: IndicatorWindow;
  readonly value: number;
  readonly contributingEvents: number;
  readonly asOf: DayNumber;
  /** Survey figures: the source and year they are about (`asOf` is that year's 31 December). */
  readonly source?: string;
  readonly year?: number;
}

/** The figures of one group (a daily series, or a region's survey figures of one source) by `metric|window` (surveys: `metric|annual|year`). */
export type Figures = ReadonlyMap<string, Figure>;

export function figureKey(metric: string, window: IndicatorWindow, year?: number): string {
  return year === undefined ? `${metric}|${window}` : `${metric}|${window}|${year}`;
}

/** Adds a figure when its value is defined and finite (a figure is never NaN or infinite). */
export function putFigure(figures: Map<string, Figure>, figure: Omit<Figure, 'value'> & { value: number | undefined }): void {
  if (figure.value === undefined || !Number.isFinite(figure.value)) return;
  figures.set(figureKey(figure.metric, figure.window, figure.year), figure as Figure);
}
