import type { RegionRef } from '@vigia/schemas';
import { figuresOfGroup, groupKey, type FigureGroup } from '../figures/figure-groups.ts';
import type { Figure, Figures } from '../figures/figure.ts';
import { figureKey } from '../figures/figure.ts';
import { surveyMetric } from '../metrics/metric-catalogue.ts';
import type { AggregationState } from '../state/aggregation-state.ts';
import { setEntry } from '../state/journal.ts';
import { diffFigures, type IndicatorRecord } from './outputs.ts';

interface Touched {
  readonly key: string;
  readonly group: FigureGroup;
  readonly region: RegionRef;
  /** The group's figures as last published. */
  readonly before: Figures;
  /** A late or revising contribution touched this daily group: its changes are corrections. */
  late: boolean;
}

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

  touch(group: FigureGroup, region: RegionRef, late = false): void {
    const key = groupKey(group);
    const touched = this.#groups.get(key);
    if (touched !== undefined) {
      touched.late ||= late;
      return;
    }
    this.#groups.set(key, { key, group, region, before: this.#state.published.get(key) ?? noFigures, late });
  }

  /**
   * The records that turn each touched group's figures before the batch into
   * its figures now. Daily figures are corrections when a late or revising
   * contribution touched them; a survey year's figures are corrections when
   * that year was already published (a revision, or an earlier year arriving
   * late and giving it a growth it lacked).
   */
  diff(into: IndicatorRecord[]): void {
    const asOf = this.#state.watermark;
    for (const { key, group, region, before, late } of this.#groups.values()) {
      const after = figuresOfGroup(this.#state, group, asOf);
      const isCorrection = group.baseMetric === surveyMetric.hectares ? surveyCorrection(before) : () => late;
      const published = diffFigures(region, before, after, isCorrection, into);
      setEntry(this.#state, this.#state.published, key, published.size === 0 ? undefined : published);
    }
  }
}

const noFigures: Figures = new Map();

function surveyCorrection(before: Figures): (previous: Figure | undefined, next: Figure) => boolean {
  return (previous, next) => previous !== undefined || before.has(figureKey(surveyMetric.hectares, 'annual', next.year));
}
