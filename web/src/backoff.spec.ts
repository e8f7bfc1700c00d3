import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles from the base up to the maximum', () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, 1000, 15000, middle))).toEqual([
      1000, 2000, 4000, 8000, 15000, 15000,
    ]);
  });

  it('spreads retries by ±20 %', () => {
    expect(backoffDelay(2, 1000, 15000, () => 0)).toBe(3200);
    expect(backoffDelay(2, 1000, 15000, () => 1)).toBe(4800);
  });
});
