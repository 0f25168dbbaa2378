import { formatIssuePath } from '@vigia/schemas';
import { fold } from './fold.ts';
import { field, type Field } from './fields.ts';

/**
 * A CSV row (header → cell text) with forgiving header matching: case,
 * accents, spaces and dashes do not matter ("Occurred At" = "occurred_at").
 * Paths name the header exactly as the publisher wrote it.
 */
export class CsvRow {
  readonly #cells = new Map<string, { readonly header: string; readonly text: string }>();

  constructor(columns: Readonly<Record<string, string>>) {
    for (const [header, text] of Object.entries(columns)) {
      const key = columnKey(header);
      // The first of two headers that mean the same wins, as in most spreadsheet tools.
      if (key !== '' && !this.#cells.has(key)) this.#cells.set(key, { header, text });
    }
  }

  /** The cell of a column (by its documented name) with its path; a missing column is a blank cell. */
  get(name: string): Field {
    const cell = this.#cells.get(name);
    return field(cell?.text, pathOf(cell?.header ?? name));
  }

  /** The cell's text, trimmed; `''` when blank or missing. */
  text(name: string): string {
    return this.#cells.get(name)?.text.trim() ?? '';
  }

  has(name: string): boolean {
    return this.text(name) !== '';
  }
}

/** `Occurred At` → `occurred_at`. */
export function columnKey(header: string): string {
  return fold(header).replace(/ /g, '_');
}

/** `columns.occurred_at`, or `columns["Fecha evento"]` for headers that are not plain names. */
export function pathOf(header: string): string {
  return formatIssuePath(['columns', header]);
}
