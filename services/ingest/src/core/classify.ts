import { maxJsonDepth, type RawFormat, type RawRecord } from '@vigia/schemas';
import type { IngestRejectReason, SubmittedItem } from '../formats/submitted-item.ts';
import { eventKeyOf, isPlainObject, type EventKeySource } from './event-key.ts';

/**
 * Deepest nesting of a JSON record (its top-level object is depth 0). The raw
 * envelope puts the record two levels down (`record.value`), and readers of
 * the raw topic refuse values nested `maxJsonDepth` levels or deeper, so a
 * record that ingest accepts can always be decoded downstream.
 */
export const maxRecordDepth = maxJsonDepth - 3;

type JsonRecordValue = Extract<RawRecord, { kind: 'json' }>['value'];

export type Classified =
  | {
      readonly ok: true;
      readonly record: RawRecord;
      readonly key: string;
      readonly keySource: EventKeySource;
    }
  | {
      readonly ok: false;
      readonly reason: IngestRejectReason;
      readonly field: string;
      readonly message: string;
    };

/**
 * Decides whether ingest takes a record: what ingest checks is the envelope
 * and the format — a JSON record must be an object, not too deep — never the
 * domain, which is the normalizer's job.
 */
export function classify(item: SubmittedItem, format: RawFormat, publisher: string): Classified {
  switch (item.kind) {
    case 'malformed':
      return { ok: false, reason: item.reason, field: item.field, message: item.message };
    case 'csv-row':
      return accept({ kind: 'csv-row', columns: item.columns }, format, publisher);
    case 'json': {
      if (!isPlainObject(item.value)) {
        return { ok: false, reason: 'SCHEMA_INVALID', field: '', message: `a record must be a JSON object, not ${jsonTypeOf(item.value)}` };
      }
      if (nestedDeeperThan(item.value, maxRecordDepth)) {
        return {
          ok: false,
          reason: 'SCHEMA_INVALID',
          field: '',
          message: `the record is nested deeper than ${maxRecordDepth} levels`,
        };
      }
      // JSON.parse produced it, so it is a JSON value.
      return accept({ kind: 'json', value: item.value as JsonRecordValue }, format, publisher);
    }
  }
}

function accept(record: RawRecord, format: RawFormat, publisher: string): Classified {
  const { key, source } = eventKeyOf(record, format, publisher);
  return { ok: true, record, key, keySource: source };
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Iterative, so that measuring a hostile value cannot itself overflow the stack. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}
