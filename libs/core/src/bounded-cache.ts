/**
 * A map with a size bound: past `capacity` entries, the least recently used one goes (a Map
 * keeps insertion order, so a hit is deleted and set again to move it last). With
 * `maxAgeMs`, an entry is gone once it is that old: `get` and `set` then take the current
 * time in milliseconds (from the caller's Clock). Values are never undefined: `get` answers
 * undefined for a miss.
 */
export class BoundedCache<K, V extends NonNullable<unknown> | null> {
  private readonly values = new Map<K, V>();
  /** When each entry was set, with a maximum age only. */
  private readonly setAt = new Map<K, number>();
  /**
   * The key known to be last in the order: hot loops (time-zone offsets, one channel polled by
   * every player) read one key again and again, and moving it would cost a delete and a set each time.
   */
  private newest: K | undefined;

  constructor(
    private readonly capacity: number,
    private readonly maxAgeMs?: number,
  ) {}

  get size(): number {
    return this.values.size;
  }

  get(key: K, now?: number): V | undefined {
    const value = this.values.get(key);
    if (value === undefined) return undefined;
    if (this.maxAgeMs !== undefined && this.timeOf(now) - (this.setAt.get(key) as number) >= this.maxAgeMs) {
      this.delete(key);
      return undefined;
    }
    if (key !== this.newest) {
      this.values.delete(key);
      this.values.set(key, value);
      this.newest = key;
    }
    return value;
  }

  set(key: K, value: V, now?: number): void {
    this.values.delete(key);
    this.values.set(key, value);
    this.newest = key;
    if (this.maxAgeMs !== undefined) this.setAt.set(key, this.timeOf(now));
    if (this.values.size > this.capacity) this.delete(this.values.keys().next().value as K);
  }

  delete(key: K): boolean {
    if (key === this.newest) this.newest = undefined;
    this.setAt.delete(key);
    return this.values.delete(key);
  }

  clear(): void {
    this.newest = undefined;
    this.values.clear();
    this.setAt.clear();
  }

  private timeOf(now: number | undefined): number {
    if (now === undefined) throw new Error('A cache with a maximum age needs the current time');
    return now;
  }
}
