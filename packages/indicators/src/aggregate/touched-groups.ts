import type { RegionRef, SeriesFigure } from '@vigia/schemas';
import { computeDailySlots } from '../figures/daily-figures.ts';
import { figuresOfGroup, groupKey, groupOfMetric, type FigureGroup } from '../figures/figure-groups.ts';
import { copySlotFigures, dailySlots, emptySlotFigures, hasAnySlot, slotMetrics, type PublishedFigures, type SlotFigures } from '../figures/figure-slots.ts';
import type { Figure, Figures } from '../figures/figure.ts';
import { figureKey } from '../figures/figure.ts';
import { MetricKind, metricKindOf, surveyMetric } from '../metrics/metric-catalogue.ts';
import type { AggregationState, Series } from '../state/aggregation-state.ts';
import type { DayNumber } from '../time/days.ts';
import { inTransaction, recordUndo, setEntry } from '../state/journal.ts';
import { isSettled } from '../state/period-sums.ts';
import { seriesFigureOf, seriesRecord, seriesTombstone, type IndicatorRecord } from './outputs.ts';

interface Touched {
  readonly key: string;
  readonly group: FigureGroup;
  readonly region: RegionRef;
  /** A late or revising contribution touched this daily group: its changes are corrections. */
  late: boolean;
}

/** Scratch slots for the figures being computed: the diff copies them only when they are published. */
const scratch: SlotFigures = emptySlotFigures();

/**
 * The groups a batch touched. Each touched group's figures are computed once,
 * at the end of the batch — never per contribution — and compared with what
 * was last published of it, so a batch of 500 events on the national series
 * costs one recomputation, not five hundred, and what is published depends
 * on the batch's content, not on the order inside it.
 */
export class TouchedGroups {
  readonly #state: AggregationState;
  readonly #groups = new Map<string, Touched>();

  constructor(state: AggregationState) {
    this.#state = state;
  }

  /** Touches the group of a series' bucket (`seriesKey` is the series' own key: for a daily series, its group's too). */
  touch(seriesKey: string, region: RegionRef, metric: string, source: string | undefined, late = false): void {
    const daily = metricKindOf(metric) === MetricKind.daily;
    const group = daily ? undefined : groupOfMetric(region.code, metric, source);
    const key = group === undefined ? seriesKey : groupKey(group);
    const touched = this.#groups.get(key);
    if (touched !== undefined) {
      touched.late ||= late;
      return;
    }
    // A plain copy: the region may be a contribution's target, which carries more than its reference.
    this.#groups.set(key, { key, group: group ?? groupOfMetric(region.code, metric), region: { code: region.code, level: region.level }, late });
  }

  /**
   * One record per touched series whose figures changed: a daily series with
   * all its figures, a survey year with its own; a tombstone for one that no
   * longer has any. Daily figures are corrections when a late or revising
   * contribution touched them; a survey year's are when that year was
   * already published (a revision, or an earlier year arriving late and
   * giving it a growth it lacked).
   */
  diff(into: IndicatorRecord[]): void {
    for (const touched of this.#groups.values()) {
      const before = this.#state.published.get(touched.key);
      const after = touched.group.baseMetric === surveyMetric.hectares ? this.#diffSurvey(touched, before, into) : this.#diffDaily(touched, before, into);
      if (after !== before) setEntry(this.#state, this.#state.published, touched.key, after);
    }
  }

  #diffDaily(touched: Touched, published: PublishedFigures | undefined, into: IndicatorRecord[]): PublishedFigures | undefined {
    const asOf = this.#state.watermark;
    const series = this.#state.series.get(touched.key);
    if (series === undefined || asOf === undefined) return this.#diffDailyFigures(touched, series, asOf, published, into);
    if (isSettled(series.periodSums, asOf)) return published;
    const after = this.#diffDailyFigures(touched, series, asOf, published, into);
    const sums = series.periodSums;
    if (sums?.anchor === asOf) {
      sums.settled = true;
      // An abort puts back the figures published before, which are not those of the sums.
      if (after !== published) recordUndo(this.#state, () => (sums.settled = false));
    }
    return after;
  }

  #diffDailyFigures(
    touched: Touched,
    series: Series | undefined,
    asOf: DayNumber | undefined,
    published: PublishedFigures | undefined,
    into: IndicatorRecord[],
  ): PublishedFigures | undefined {
    const before = published?.kind === 'daily' ? published.slots : undefined;
    const has = series !== undefined && asOf !== undefined;
    if (has) computeDailySlots(series, asOf, this.#state.options, scratch);
    if (!has || !hasAnySlot(scratch)) {
      if (before === undefined) return undefined;
      into.push(seriesTombstone(touched.region, touched.group.baseMetric));
      return undefined;
    }
    const figures = changedDailyFigures(touched.group.baseMetric, before, scratch);
    if (figures === undefined) return published;
    into.push(seriesRecord(touched.region, touched.group.baseMetric, asOf, touched.late, figures));
    if (before === undefined || inTransaction(this.#state)) return { kind: 'daily', slots: copySlotFigures(scratch) };
    // Outside a transaction nothing can ask for the old figures back: overwrite them rather than allocate.
    before.values.set(scratch.values);
    before.events.set(scratch.events);
    return published;
  }

  #diffSurvey(touched: Touched, published: PublishedFigures | undefined, into: IndicatorRecord[]): PublishedFigures | undefined {
    const before = published?.kind === 'survey' ? published.figures : noFigures;
    const after = figuresOfGroup(this.#state, touched.group, this.#state.watermark);
    const source = touched.group.source!;
    let changed = false;
    for (const [year, figures] of byYear(after)) {
      const published = changedSurveyFigures(before, figures);
      if (published === undefined) continue;
      changed = true;
      const correction = before.has(figureKey(surveyMetric.hectares, 'annual', year));
      into.push(seriesRecord(touched.region, surveyMetric.hectares, figures[0]!.asOf, correction, published, { source, year }));
    }
    for (const year of byYear(before).keys()) {
      if (hasYear(after, year)) continue;
      changed = true;
      into.push(seriesTombstone(touched.region, surveyMetric.hectares, { source, year }));
    }
    if (!changed) return published;
    return after.size === 0 ? undefined : { kind: 'survey', figures: after };
  }
}

const noFigures: Figures = new Map();

/** All of a daily series' figures when any changed since `before` (those that did carry `previousValue`), else `undefined`. */
function changedDailyFigures(baseMetric: string, before: SlotFigures | undefined, after: SlotFigures): SeriesFigure[] | undefined {
  let changed = false;
  const figures: SeriesFigure[] = [];
  const metrics = slotMetrics(baseMetric);
  for (let slot = 0; slot < dailySlots.length; slot += 1) {
    const value = after.values[slot]!;
    const previous = before === undefined ? Number.NaN : before.values[slot]!;
    const same = Number.isNaN(value) ? Number.isNaN(previous) : value === previous && after.events[slot] === before!.events[slot];
    if (!same) changed = true;
    if (Number.isNaN(value)) continue;
    const metric = metrics[slot]!;
    const window = dailySlots[slot]!.window;
    const contributingEvents = after.events[slot]!;
    figures.push(
      same
        ? { metric, window, value, contributingEvents }
        : { metric, window, value, contributingEvents, previousValue: Number.isNaN(previous) ? null : previous },
    );
  }
  return changed ? figures : undefined;
}

/** A survey year's figures when any changed or went since `before`, else `undefined`. */
function changedSurveyFigures(before: Figures, figures: readonly Figure[]): SeriesFigure[] | undefined {
  let changed = false;
  const published = figures.map((figure) => {
    const previous = before.get(figureKey(figure.metric, figure.window, figure.year));
    const same = previous !== undefined && previous.value === figure.value && previous.contributingEvents === figure.contributingEvents;
    if (!same) changed = true;
    return seriesFigureOf(figure, same ? undefined : (previous?.value ?? null));
  });
  const year = figures[0]?.year;
  for (const previous of before.values()) {
    if (previous.year === year && !figures.some((figure) => figure.metric === previous.metric)) changed = true;
  }
  return changed ? published : undefined;
}

function byYear(figures: Figures): Map<number, Figure[]> {
  const years = new Map<number, Figure[]>();
  for (const figure of figures.values()) {
    const year = figure.year!;
    const list = years.get(year);
    if (list === undefined) years.set(year, [figure]);
    else list.push(figure);
  }
  return years;
}

function hasYear(figures: Figures, year: number): boolean {
  for (const figure of figures.values()) if (figure.year === year) return true;
  return false;
}
