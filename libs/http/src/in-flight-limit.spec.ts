import { InFlightLimit } from './in-flight-limit';

describe('InFlightLimit', () => {
  it('refuses past the share of one key, then past the total, and gives slots back once', () => {
    const limit = new InFlightLimit(2, 3);
    const first = limit.acquire('10.0.0.1');
    const second = limit.acquire('10.0.0.1');
    expect(limit.acquire('10.0.0.1')).toBe('per-key');
    const third = limit.acquire('10.0.0.2');
    expect(limit.acquire('10.0.0.3')).toBe('total');
    expect(limit.inFlight).toBe(3);
    (first as () => void)();
    (first as () => void)();
    expect(limit.inFlight).toBe(2);
    expect(typeof limit.acquire('10.0.0.3')).toBe('function');
    expect(limit.acquire('10.0.0.1')).toBe('total');
    (second as () => void)();
    (third as () => void)();
    expect(typeof limit.acquire('10.0.0.1')).toBe('function');
  });
});
