/**
 * A position in `vigia.alerts.v1`: the next offset to deliver for every
 * partition. It is the SSE event id, so a client that reconnects with
 * `Last-Event-ID` gets exactly the transitions after the last one it saw —
 * none twice, none missing — even from another console instance or after a
 * restart, because Kafka offsets outlive any process. Written as the offsets
 * joined by dots, partition 0 first (`12.0.7…`).
 */
export type Cursor = readonly number[];

export function formatCursor(cursor: Cursor): string {
  return cursor.join('.');
}

/** The cursor a string names, or `undefined` when it is not one for `partitions` partitions. */
export function parseCursor(text: string, partitions: number): Cursor | undefined {
  const parts = text.trim().split('.');
  if (parts.length !== partitions || !parts.every((part) => /^\d{1,15}$/.test(part))) return undefined;
  return parts.map(Number);
}
