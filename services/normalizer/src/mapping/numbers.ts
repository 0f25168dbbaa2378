/**
 * Numbers as publishers write them: JSON numbers, or text from spreadsheets and
 * forms in either convention ("1,234.5" or "1.234,5"). A text whose meaning
 * depends on the convention is refused instead of guessed: "1,500" is 1500 with
 * a thousands comma and 1.5 with a decimal comma, and Peruvian sources use both.
 */

export type NumberReading =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly problem: 'not-a-number' | 'ambiguous' | 'not-finite' };

const plain = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
// 1,234,567.89 (comma groups, optional decimal point) and 1.234.567,89 (point groups, optional decimal comma).
const commaGrouped = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const pointGrouped = /^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$/;
// One separator followed by exactly three digits, the leading group not 0: either convention fits.
const ambiguous = /^[+-]?[1-9]\d{0,2}[.,]\d{3}$/;
const decimalComma = /^[+-]?\d+,\d+$/;

/** Reads a number from a JSON number or a text; never throws. */
export function readNumber(input: unknown): NumberReading {
  if (typeof input === 'number') {
    return Number.isFinite(input) ? { ok: true, value: input } : { ok: false, problem: 'not-finite' };
  }
  if (typeof input !== 'string') return { ok: false, problem: 'not-a-number' };
  // Spaces group digits in SI style ("1 500"); they never change the value.
  const text = input.replace(/\s+/gu, '');
  if (text.length === 0 || text.length > 40) return { ok: false, problem: 'not-a-number' };
  if (ambiguous.test(text)) return { ok: false, problem: 'ambiguous' };
  let normalized: string | undefined;
  if (plain.test(text)) normalized = text;
  else if (commaGrouped.test(text)) normalized = text.replace(/,/g, '');
  else if (pointGrouped.test(text)) normalized = text.replace(/\./g, '').replace(',', '.');
  else if (decimalComma.test(text)) normalized = text.replace(',', '.');
  if (normalized === undefined) return { ok: false, problem: 'not-a-number' };
  const value = Number(normalized);
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, problem: 'not-finite' };
}

/** A message for a failed reading, naming the text the publisher sent. */
export function numberProblemMessage(input: unknown, problem: 'not-a-number' | 'ambiguous' | 'not-finite'): string {
  const shown = describeInput(input);
  switch (problem) {
    case 'ambiguous':
      return `${shown} is ambiguous: it reads as a thousands separator in one convention and a decimal mark in the other; write it without grouping (1500 or 1.5)`;
    case 'not-finite':
      return `${shown} is not a finite number`;
    case 'not-a-number':
      return `${shown} is not a number`;
  }
}

/** A bounded, JSON-ish rendering of an input value for messages. */
export function describeInput(input: unknown): string {
  let text: string;
  try {
    text = typeof input === 'string' ? JSON.stringify(input) : (JSON.stringify(input) ?? String(input));
  } catch {
    text = String(input);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
