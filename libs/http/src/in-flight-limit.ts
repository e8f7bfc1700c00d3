/** Why a slot was refused: the one key already holds its share, or every slot is taken. */
export type InFlightRefusal = 'per-key' | 'total';

/**
 * Counts long-running work in flight (event streams, uploads) per key (a client address, a
 * user) and in all, and refuses a new one past either bound. Slots are released exactly once.
 */
export class InFlightLimit {
  private readonly byKey = new Map<string, number>();
  private total = 0;

  constructor(
    readonly perKey: number,
    readonly maxTotal: number,
  ) {}

  get inFlight(): number {
    return this.total;
  }

  /** A release function, or why there is no room. */
  acquire(key: string): (() => void) | InFlightRefusal {
    const held = this.byKey.get(key) ?? 0;
    if (held >= this.perKey) return 'per-key';
    if (this.total >= this.maxTotal) return 'total';
    this.byKey.set(key, held + 1);
    this.total += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total -= 1;
      const left = (this.byKey.get(key) ?? 1) - 1;
      if (left === 0) this.byKey.delete(key);
      else this.byKey.set(key, left);
    };
  }
}
