import type { DlqReasonCode, Issue } from '@vigia/schemas';

/** The DLQ reasons a report can be rejected with while it is mapped to a canonical event. */
export type MappingReason = Extract<
  DlqReasonCode,
  'SCHEMA_INVALID' | 'PLACE_UNKNOWN' | 'PLACE_AMBIGUOUS' | 'UNIT_UNKNOWN' | 'QUANTITY_INVALID' | 'DATE_INVALID' | 'DATE_IN_FUTURE'
>;

/** One thing wrong with a report: the reason code it maps to and the field it is about. */
export interface Problem {
  readonly reason: MappingReason;
  /** Path relative to the submitted record (`occurredAt`, `items[0].quantity`); the caller prefixes it. */
  readonly path: string;
  readonly message: string;
}

/**
 * When one report has several problems, the record goes to the DLQ once, with
 * every problem as an issue and the reason of the most fundamental one: a
 * report whose shape is wrong is `SCHEMA_INVALID` even if its place is unknown
 * too, because fixing the shape comes first. Fixed order, so the reason of a
 * record never depends on the order fields were checked in.
 */
const reasonPriority: readonly MappingReason[] = [
  'SCHEMA_INVALID',
  'DATE_INVALID',
  'DATE_IN_FUTURE',
  'PLACE_UNKNOWN',
  'PLACE_AMBIGUOUS',
  'UNIT_UNKNOWN',
  'QUANTITY_INVALID',
];

/** A rejected report: what goes into the DLQ record's `reason`, `message` and `issues`. */
export interface MappingRejection {
  readonly reason: MappingReason;
  readonly message: string;
  readonly issues: readonly Issue[];
}

/** Collects problems while a report is read, so the publisher learns about all of them at once. */
export class Problems {
  readonly #list: Problem[] = [];

  add(reason: MappingReason, path: string, message: string): void {
    this.#list.push({ reason, path, message });
  }

  get size(): number {
    return this.#list.length;
  }

  get list(): readonly Problem[] {
    return this.#list;
  }

  /** The rejection for the problems so far, paths prefixed with `pathPrefix`; `undefined` when there are none. */
  toRejection(pathPrefix: string): MappingRejection | undefined {
    return rejectionOf(this.#list, pathPrefix);
  }
}

/** Builds a rejection from problems: the highest-priority reason, its first problem as the message. */
export function rejectionOf(problems: readonly Problem[], pathPrefix: string): MappingRejection | undefined {
  const reason = reasonPriority.find((candidate) => problems.some((problem) => problem.reason === candidate));
  if (reason === undefined) return undefined;
  const issues = problems.map((problem) => ({ path: joinPath(pathPrefix, problem.path), message: problem.message }));
  const first = problems.find((problem) => problem.reason === reason)!;
  const where = joinPath(pathPrefix, first.path);
  const others = problems.length - 1;
  const more = others > 0 ? ` (and ${others} more problem${others === 1 ? '' : 's'})` : '';
  return { reason, message: `${where === '' ? '(record)' : where}: ${first.message}${more}`, issues };
}

/** `record.value` + `items[0].unit` → `record.value.items[0].unit`. */
export function joinPath(prefix: string, path: string): string {
  if (prefix === '') return path;
  if (path === '') return prefix;
  return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
}
