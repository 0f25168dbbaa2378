import { baselineWindows, changeWindows, dailyWindows, derivedMetric, DerivedIndicator, type DailyWindow } from '../metrics/metric-catalogue.ts';
import type { Figures } from './figure.ts';

/**
 * Every daily series has the same figures, so they live at fixed positions
 * ("slots") of two Float64Arrays — values and event counts — rather than in a
 * map of objects: computing, comparing and keeping a series' figures
 * allocates nothing per figure. A figure that does not exist (no baseline yet,
 * no percentage from a zero) holds NaN.
 */
export interface DailySlot {
  readonly window: DailyWindow;
  /** `undefined` for the window's own sum. */
  readonly derived: DerivedIndicator | undefined;
}

function buildSlots(): readonly DailySlot[] {
  const slots: DailySlot[] = [];
  for (const window of dailyWindows) {
    slots.push({ window, derived: undefined });
    if (changeWindows.includes(window)) slots.push({ window, derived: DerivedIndicator.change }, { window, derived: DerivedIndicator.changePct });
    if (baselineWindows.includes(window)) slots.push({ window, derived: DerivedIndicator.baseline }, { window, derived: DerivedIndicator.zScore });
  }
  return Object.freeze(slots);
}

export const dailySlots: readonly DailySlot[] = buildSlots();

/** The slot of a window's figure (`undefined` derived: the window's own sum). */
export function slotOf(window: DailyWindow, derived: DerivedIndicator | undefined): number {
  return dailySlots.findIndex((slot) => slot.window === window && slot.derived === derived);
}

const slotMetricsOf = new Map<string, readonly string[]>();

/** The metric id each slot publishes for a series of `metric`, built once per metric (the publishing loop would otherwise build 14 strings per record). */
export function slotMetrics(metric: string): readonly string[] {
  let metrics = slotMetricsOf.get(metric);
  if (metrics === undefined) {
    metrics = dailySlots.map((slot) => (slot.derived === undefined ? metric : derivedMetric(metric, slot.derived)));
    slotMetricsOf.set(metric, metrics);
  }
  return metrics;
}

/** A daily series' figures, by slot; NaN where a figure does not exist. */
export interface SlotFigures {
  readonly values: Float64Array;
  readonly events: Float64Array;
}

export function emptySlotFigures(): SlotFigures {
  return { values: new Float64Array(dailySlots.length).fill(Number.NaN), events: new Float64Array(dailySlots.length) };
}

export function copySlotFigures(figures: SlotFigures): SlotFigures {
  return { values: figures.values.slice(), events: figures.events.slice() };
}

/** Whether a slot holds a figure. */
export function hasSlot(figures: SlotFigures, slot: number): boolean {
  return !Number.isNaN(figures.values[slot]);
}

/** Whether any slot holds a figure. */
export function hasAnySlot(figures: SlotFigures): boolean {
  for (let slot = 0; slot < dailySlots.length; slot += 1) if (hasSlot(figures, slot)) return true;
  return false;
}

/**
 * What was last published of a group: a daily series' slots, or a survey
 * group's figures (few, and keyed by year as well).
 */
export type PublishedFigures = { readonly kind: 'daily'; readonly slots: SlotFigures } | { readonly kind: 'survey'; readonly figures: Figures };
