import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** A 1-based line and column in the rule file. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * Where a field lives in the YAML text. Walks the document along a zod issue
 * path; when the path leaves the document (a required field is missing) it
 * points at the deepest node that exists — the rule that lacks the field.
 * With `atKey`, points at the key of the last segment (for unknown fields).
 */
export function positionOf(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[], atKey = false): Position {
  let node: unknown = doc.contents;
  let located: { range?: [number, number, number] | null } | null = isNode(node) ? node : null;
  for (const [index, segment] of path.entries()) {
    const isLast = index === path.length - 1;
    const next = child(node, segment);
    if (next === undefined) break;
    if (isLast && atKey && next.key !== null) {
      located = next.key;
      break;
    }
    node = next.value;
    // An empty value (`severity:`) has no node of its own; its key is the place to point at.
    located = isNode(node) ? node : (next.key ?? located);
    if (!isNode(node)) break;
  }
  const offset = located?.range?.[0] ?? 0;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

interface Child {
  readonly key: { range?: [number, number, number] | null } | null;
  readonly value: unknown;
}

function child(node: unknown, segment: PropertyKey): Child | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (String(key) === String(segment)) return { key: isNode(pair.key) ? pair.key : null, value: pair.value };
    }
    return undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { key: null, value: item };
  }
  return undefined;
}

function isNode(value: unknown): value is Node {
  return isMap(value) || isSeq(value) || isScalar(value) || (typeof value === 'object' && value !== null && 'range' in value);
}
