/**
 * Delay before retry number `attempt` (0-based): doubling from `baseMs` up to `maxMs`, spread by
 * ±20 % so that thousands of players do not all come back in the same second after an outage.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const nominal = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(nominal * (0.8 + 0.4 * random()));
}
