import { describe, expect, it } from 'vitest';
import { PagePool } from './page-pool.ts';

describe('page pool', () => {
  it('hands out separate pages of zeros, across slabs, and a page given back again zeroed', () => {
    const pool = new PagePool(3, 2);
    const pages = [pool.take(), pool.take(), pool.take()];
    for (const [index, page] of pages.entries()) page.fill(index + 1);
    expect(pages.map((page) => [...page])).toEqual([
      [1, 1, 1],
      [2, 2, 2],
      [3, 3, 3],
    ]);
    pool.give(pages[1]!);
    const reused = pool.take();
    expect(reused).toBe(pages[1]);
    expect([...reused]).toEqual([0, 0, 0]);
    expect([...pool.take()]).toEqual([0, 0, 0]);
  });
});
