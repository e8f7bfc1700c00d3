import { TimeZone } from './time-zone';
import { formatWallTime, parseWallTime } from './wall-time';

const wall = (text: string) => parseWallTime(text) as number;

describe('TimeZone', () => {
  it('accepts IANA zones only, in their canonical spelling', () => {
    expect(TimeZone.canonicalName('asia/jakarta')).toBe('Asia/Jakarta');
    expect(TimeZone.canonicalName('Asia/Makassar')).toBe('Asia/Makassar');
    expect(TimeZone.canonicalName('Asia/Pekalongan')).toBeUndefined();
    expect(TimeZone.canonicalName('+07:00')).toBeUndefined();
    expect(TimeZone.canonicalName('WIB')).toBeUndefined();
  });

  it('maps WIB wall times to instants and formats them in ISO 8601 and XMLTV', () => {
    const wib = TimeZone.of('Asia/Jakarta');
    const instant = wib.toInstant(wall('2026-12-01T19:00'));
    expect(new Date(instant).toISOString()).toBe('2026-12-01T12:00:00.000Z');
    expect(wib.formatIso(instant)).toBe('2026-12-01T19:00:00+07:00');
    expect(wib.formatXmltv(instant)).toBe('20261201190000 +0700');
    expect(wib.formatIsoMillis(instant + 6016)).toBe('2026-12-01T19:00:06.016+07:00');
    expect(formatWallTime(wib.toWall(instant))).toBe('2026-12-01T19:00:00');
    expect(wib.observesDst(instant)).toBe(false);
    expect(TimeZone.of('America/St_Johns').formatXmltv(Date.UTC(2026, 11, 1, 12))).toBe('20261201083000 -0330');
  });

  it('finds wall times skipped by daylight saving, and takes the first of repeated ones', () => {
    const newYork = TimeZone.of('America/New_York');
    expect(newYork.resolve(wall('2026-03-08T02:30'))).toEqual({ instant: Date.UTC(2026, 2, 8, 7, 30), exists: false });
    expect(newYork.formatIso(newYork.resolve(wall('2026-03-08T02:30')).instant)).toBe('2026-03-08T03:30:00-04:00');
    expect(newYork.resolve(wall('2026-03-08T03:30'))).toEqual({ instant: Date.UTC(2026, 2, 8, 7, 30), exists: true });
    expect(newYork.resolve(wall('2026-11-01T01:30'))).toEqual({ instant: Date.UTC(2026, 10, 1, 5, 30), exists: true });
    expect(newYork.formatIso(Date.UTC(2026, 10, 1, 6, 30))).toBe('2026-11-01T01:30:00-05:00');
    expect(newYork.observesDst(Date.UTC(2026, 0, 1))).toBe(true);
    const berlin = TimeZone.of('Europe/Berlin');
    expect(berlin.resolve(wall('2026-03-29T02:15')).exists).toBe(false);
    expect(berlin.resolve(wall('2026-03-29T03:00')).exists).toBe(true);
  });

  it('reads only real local date-times', () => {
    expect(formatWallTime(wall('2026-12-01T19:00'))).toBe('2026-12-01T19:00:00');
    expect(formatWallTime(wall('2024-02-29 23:59:59'))).toBe('2024-02-29T23:59:59');
    for (const bad of [
      '2026-02-29T10:00',
      '1969-12-31T23:00',
      '2200-01-01T00:00',
      '2026-12-01T24:00',
      '2026-12-01T19:00:00+07:00',
      '2026-12-01T19:00:00Z',
      '2026-12-01',
      '01-12-2026 19:00',
    ]) {
      expect(parseWallTime(bad)).toBeUndefined();
    }
  });
});
