import { mapWithConcurrency } from './mapWithConcurrency';
import { TtlCache } from './TtlCache';

describe('mapWithConcurrency', () => {
  it('keeps input order and never exceeds the concurrency', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3, 0], 2, async n => {
      running++;
      peak = Math.max(peak, running);
      await new Promise(resolve => setTimeout(resolve, n));
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
  });

  it('rejects with a failure', async () => {
    await expect(
      mapWithConcurrency([1, 2], 4, async n => {
        if (n === 2) throw new Error('boom');
        return n;
      }),
    ).rejects.toThrow('boom');
  });

  it('handles no items', async () => {
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
  });
});

describe('TtlCache', () => {
  it('reuses a value until it expires, sharing concurrent loads', async () => {
    let now = 0;
    const cache = new TtlCache<number>({ ttlMs: 100, now: () => now });
    const load = jest.fn(async () => now);

    const [a, b] = await Promise.all([
      cache.get('k', load),
      cache.get('k', load),
    ]);
    now = 99;
    const c = await cache.get('k', load);
    now = 100;
    const d = await cache.get('k', load);

    expect([a, b, c, d]).toEqual([0, 0, 0, 100]);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('does not keep a failed load, and forgets deleted keys', async () => {
    const cache = new TtlCache<number>({ ttlMs: 1000 });
    await expect(
      cache.get('k', async () => Promise.reject(new Error('x'))),
    ).rejects.toThrow('x');
    expect(await cache.get('k', async () => 1)).toBe(1);
    cache.delete('k');
    expect(await cache.get('k', async () => 2)).toBe(2);
  });

  it('drops the oldest entries past its size', async () => {
    const cache = new TtlCache<string>({ ttlMs: 1000, maxEntries: 2 });
    await cache.get('a', async () => 'a1');
    await cache.get('b', async () => 'b1');
    await cache.get('c', async () => 'c1');
    expect(await cache.get('a', async () => 'a2')).toBe('a2');
    expect(await cache.get('c', async () => 'c2')).toBe('c1');
  });
});
