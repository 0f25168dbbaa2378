/**
 * promtool's expanding notation for input series, one value per step (a day,
 * or a year for survey series), separated by spaces:
 *
 * - `3`, `-1.5`, `2e3`: one value
 * - `_`: no value this step (the series skips a day)
 * - `a+bxn`, `a-bxn`: `a a+b a+2b … a+nb` (n + 1 values), e.g. `0+1x3` is `0 1 2 3`
 * - `axn`: `a` repeated n + 1 times, e.g. `2x3` is `2 2 2 2`
 * - `_xn`: n steps without a value
 *
 * As in Prometheus' `promql/parser` series notation (`promtool test rules`).
 */
export type ExpandedValues = { readonly ok: true; readonly values: readonly (number | null)[] } | { readonly ok: false; readonly message: string };

const number = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?`;
const single = new RegExp(`^${number}$`);
const repeat = new RegExp(`^(${number})(?:([-+])(${number}))?x(\\d+)$`);
const gaps = /^_x(\d+)$/;

/** Expands a `values` string; refuses more than `maxValues` steps (a file's size bounds its text, not `1x99999999`). */
export function expandValues(text: string, maxValues: number): ExpandedValues {
  const values: (number | null)[] = [];
  const tooMany = (): ExpandedValues => ({ ok: false, message: `more than ${maxValues} values; split the test` });
  for (const token of text
    .trim()
    .split(/\s+/)
    .filter((part) => part !== '')) {
    if (token === '_') {
      values.push(null);
    } else if (single.test(token)) {
      values.push(Number(token));
    } else if (gaps.test(token)) {
      const count = Number(gaps.exec(token)?.[1]);
      if (values.length + count > maxValues) return tooMany();
      for (let step = 0; step < count; step += 1) values.push(null);
    } else {
      const match = repeat.exec(token);
      if (match === null) return { ok: false, message: `"${token}" is not a value: write a number, _, a+bxn, a-bxn, axn or _xn (e.g. "0 1 _ 5x3 0+2x4")` };
      const [, start = '0', sign, step = '0', times = '0'] = match;
      const count = Number(times) + 1;
      if (values.length + count > maxValues) return tooMany();
      const delta = sign === '-' ? -Number(step) : Number(step);
      for (let index = 0; index < count; index += 1) values.push(Number(start) + index * delta);
    }
    if (values.length > maxValues) return tooMany();
  }
  if (values.length === 0) return { ok: false, message: 'no values: write one per step, e.g. "0 1 2 _ 3"' };
  if (values.some((value) => value !== null && !Number.isFinite(value))) return { ok: false, message: 'values must be finite numbers' };
  return { ok: true, values };
}
