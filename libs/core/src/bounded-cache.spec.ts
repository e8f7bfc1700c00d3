import { BoundedCache } from './bounded-cache';

const keysOf = (cache: BoundedCache<string, number>, keys: string[]) =>
  keys.filter((key) => cache.get(key) !== undefined);

describe('BoundedCache', () => {
  it('evicts the least recently set entry past its capacity', () => {
    const cache = new BoundedCache<string, number>(3);
    for (const [key, value] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
    ] as const)
      cache.set(key, value);
    expect(cache.size).toBe(3);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.get('d')]).toEqual([undefined, 2, 3, 4]);
  });

  it('counts a hit as a use: the entry read last goes last', () => {
    const cache = new BoundedCache<string, number>(3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).toBe(1);
    cache.set('d', 4);
    expect(keysOf(cache, ['a', 'b', 'c', 'd'])).toEqual(['a', 'c', 'd']);
  });

  it('refreshes the order of an entry set again, with its new value', () => {
    const cache = new BoundedCache<string, number>(3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    cache.set('a', 10);
    cache.set('d', 4);
    expect(cache.size).toBe(3);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.get('d')]).toEqual([10, undefined, 3, 4]);
  });

  it('keeps the order exact while one key is read again and again between others', () => {
    const cache = new BoundedCache<string, number>(3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    cache.get('c');
    cache.get('a');
    cache.get('c');
    cache.get('c');
    cache.get('b');
    cache.set('d', 4);
    expect(keysOf(cache, ['a', 'b', 'c', 'd'])).toEqual(['b', 'c', 'd']);
  });

  it('moves a key set again after the newest one was deleted', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.delete('b');
    cache.set('c', 3);
    cache.get('a');
    cache.set('d', 4);
    expect(keysOf(cache, ['a', 'c', 'd'])).toEqual(['a', 'd']);
  });

  it('misses a missing key without changing the order', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('z')).toBeUndefined();
    cache.set('c', 3);
    expect(keysOf(cache, ['a', 'b', 'c'])).toEqual(['b', 'c']);
  });

  it('holds null as a value, unlike a miss', () => {
    const cache = new BoundedCache<string, number | null>(2);
    cache.set('none', null);
    expect([cache.get('none'), cache.get('other')]).toEqual([null, undefined]);
  });

  it('gives an entry until it is maxAgeMs old, not at that age', () => {
    const cache = new BoundedCache<string, number>(10, 5000);
    cache.set('a', 1, 1_000);
    expect(cache.get('a', 5_999)).toBe(1);
    expect(cache.get('a', 6_000)).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.get('a', 5_999)).toBeUndefined();
  });

  it('ages an entry from when it was last set, not from when it was read', () => {
    const cache = new BoundedCache<string, number>(10, 5000);
    cache.set('a', 1, 1_000);
    expect(cache.get('a', 4_000)).toBe(1);
    expect(cache.get('a', 6_000)).toBeUndefined();
    cache.set('a', 2, 3_000);
    expect(cache.get('a', 7_999)).toBe(2);
    expect(cache.get('a', 8_000)).toBeUndefined();
  });

  it('evicts by use, whatever the ages', () => {
    const cache = new BoundedCache<string, number>(2, 5000);
    cache.set('young', 1, 2_000);
    cache.set('old', 2, 1_000);
    cache.set('new', 3, 2_500);
    expect([cache.get('young', 3_000), cache.get('old', 3_000), cache.get('new', 3_000)]).toEqual([undefined, 2, 3]);
  });

  it('refuses to read or write an aged cache without the current time', () => {
    const cache = new BoundedCache<string, number>(2, 5000);
    expect(() => cache.set('a', 1)).toThrow('A cache with a maximum age needs the current time');
    cache.set('a', 1, 0);
    expect(() => cache.get('a')).toThrow('A cache with a maximum age needs the current time');
  });

  it('deletes one entry or all', () => {
    const cache = new BoundedCache<string, number>(3, 5000);
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    cache.set('c', 3, 0);
    expect([cache.delete('a'), cache.delete('a')]).toEqual([true, false]);
    expect([cache.size, cache.get('a', 1), cache.get('b', 1)]).toEqual([2, undefined, 2]);
    cache.clear();
    expect([cache.size, cache.get('b', 1), cache.get('c', 1)]).toEqual([0, undefined, undefined]);
  });
});
