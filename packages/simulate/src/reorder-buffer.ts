/**
 * A bounded min-heap of records waiting for their arrival time. Records are
 * created in event-time order and leave in arrival order, which is how late
 * reports end up after newer events. When it holds `capacity` records the
 * earliest one leaves at once, so memory is bounded whatever the density of
 * the stream; in a dense stream that caps how far a late report can move.
 */
export interface Arriving {
  readonly arrivalMinute: number;
  /** Creation order: breaks ties so that the order is total and a revision never overtakes its original. */
  readonly seq: number;
}

export class ReorderBuffer<T extends Arriving> {
  readonly #heap: T[] = [];
  readonly capacity: number;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a whole number ≥ 1');
    this.capacity = capacity;
  }

  get size(): number {
    return this.#heap.length;
  }

  /** Adds a record; returns the record that must leave now because the buffer is over capacity. */
  push(item: T): T | undefined {
    const heap = this.#heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as T, heap[parent] as T)) break;
      swap(heap, i, parent);
      i = parent;
    }
    return heap.length > this.capacity ? this.pop() : undefined;
  }

  /** The earliest record if it arrives before `minute`, removed. */
  popArrivedBefore(minute: number): T | undefined {
    const top = this.#heap[0];
    return top !== undefined && top.arrivalMinute < minute ? this.pop() : undefined;
  }

  pop(): T | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && before(heap[left] as T, heap[smallest] as T)) smallest = left;
      if (right < heap.length && before(heap[right] as T, heap[smallest] as T)) smallest = right;
      if (smallest === i) break;
      swap(heap, i, smallest);
      i = smallest;
    }
    return top;
  }
}

function before(a: Arriving, b: Arriving): boolean {
  return a.arrivalMinute < b.arrivalMinute || (a.arrivalMinute === b.arrivalMinute && a.seq < b.seq);
}

function swap<T>(items: T[], i: number, j: number): void {
  const item = items[i] as T;
  items[i] = items[j] as T;
  items[j] = item;
}
