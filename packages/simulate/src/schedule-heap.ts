import type { Scheduled } from './reports.ts';

const before = (a: Scheduled, b: Scheduled) => a.arrivalDay < b.arrivalDay || (a.arrivalDay === b.arrivalDay && a.sequence < b.sequence);

/**
 * A min-heap of records by arrival: the bounded reorder buffer that lets
 * reports arrive late without materializing the stream. It only ever holds
 * what was generated but has not arrived yet — a few weeks of reports.
 */
export class ScheduleHeap {
  readonly #items: Scheduled[] = [];

  get size(): number {
    return this.#items.length;
  }

  peek(): Scheduled | undefined {
    return this.#items[0];
  }

  push(item: Scheduled): void {
    const items = this.#items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): Scheduled | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && before(items[left]!, items[smallest]!)) smallest = left;
        if (right < items.length && before(items[right]!, items[smallest]!)) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest]!, items[i]!];
        i = smallest;
      }
    }
    return top;
  }
}
