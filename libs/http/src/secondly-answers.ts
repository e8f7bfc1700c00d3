import { BoundedCache } from '@siaran/core';

const secondOf = (at: number) => Math.floor(at / 1000) * 1000;

interface Held<T> {
  second: number;
  value: T;
  building: boolean;
}

/**
 * One answer per key and whole second, for the reads players poll (their times are whole
 * seconds): built once however many ask. In the first moments of a new second, `peek`
 * gives the answer of the second before while the new one is built, once, as
 * stale-while-revalidate does; otherwise every poll arriving meanwhile would build it too.
 * `holds` says whether an answer may still be given at an instant at all.
 */
export class SecondlyAnswers<T> {
  private readonly held: BoundedCache<string, Held<T>>;

  constructor(
    private readonly holds: (value: T, at: number) => boolean,
    capacity: number,
  ) {
    this.held = new BoundedCache(capacity);
  }

  /** The answer for the second holding `at`: the one held, or a new one from `build`. */
  async get(key: string, at: number, build: () => Promise<T>): Promise<T> {
    const second = secondOf(at);
    const known = this.held.get(key);
    if (known?.second === second && this.holds(known.value, at)) return known.value;
    const value = await build();
    this.held.set(key, { second, value, building: false });
    return value;
  }

  /** Without waiting: the answer of this second, or of the second before while this one is built; else undefined. */
  peek(key: string, at: number, build: () => Promise<T>): T | undefined {
    const known = this.held.get(key);
    if (!known || !this.holds(known.value, at)) return undefined;
    const second = secondOf(at);
    if (known.second === second) return known.value;
    if (known.second !== second - 1000) return undefined;
    if (!known.building) {
      known.building = true;
      this.get(key, at, build).catch(() => this.held.delete(key));
    }
    return known.value;
  }

  forget(key: string): void {
    this.held.delete(key);
  }
}
