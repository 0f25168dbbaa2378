/**
 * A bound a number is compared with, written as a word so YAML needs no
 * quoting (`when: { above: 15 }`; a bare `>` would start a folded scalar).
 */
export const ConditionOperator = {
  above: 'above',
  atLeast: 'atLeast',
  below: 'below',
  atMost: 'atMost',
} as const;
export type ConditionOperator = (typeof ConditionOperator)[keyof typeof ConditionOperator];

export const conditionOperators = Object.values(ConditionOperator);

export interface Condition {
  readonly operator: ConditionOperator;
  readonly value: number;
}

const symbols: Readonly<Record<ConditionOperator, string>> = { above: '>', atLeast: '≥', below: '<', atMost: '≤' };

/** True when `score` satisfies the condition. */
export function holds(condition: Condition, score: number): boolean {
  switch (condition.operator) {
    case 'above':
      return score > condition.value;
    case 'atLeast':
      return score >= condition.value;
    case 'below':
      return score < condition.value;
    case 'atMost':
      return score <= condition.value;
  }
}

/** `> 15`, `≥ 5`: how summaries and errors show a condition. */
export function describeCondition(condition: Condition): string {
  return `${symbols[condition.operator]} ${condition.value}`;
}

const isUpward = (operator: ConditionOperator) => operator === 'above' || operator === 'atLeast';

/**
 * Whether `resolve` is a valid hysteresis band for `when`: it must point the
 * other way and must not overlap the firing region, or a value could both
 * fire and resolve the alert. `when: {above: 15}` allows `resolve: {atMost: 15}`
 * (no band) down to any lower bound; `resolve: {below: 20}` is refused.
 */
export function isHysteresisBand(when: Condition, resolve: Condition): boolean {
  if (isUpward(when.operator) === isUpward(resolve.operator)) return false;
  if (isUpward(when.operator)) {
    // Fires at >=x (or >x); resolving needs every resolving value to be non-firing.
    if (when.operator === 'above') return resolve.value <= when.value;
    return resolve.value < when.value || (resolve.value === when.value && resolve.operator === 'below');
  }
  if (when.operator === 'below') return resolve.value >= when.value;
  return resolve.value > when.value || (resolve.value === when.value && resolve.operator === 'above');
}
