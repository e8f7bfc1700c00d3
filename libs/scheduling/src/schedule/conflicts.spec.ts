import { parseRecurrenceRule } from '../recurrence/recurrence-rule';
import { seriesOf } from '../recurrence/series';
import { TimeZone } from '../time/time-zone';
import { HOUR_MS, MINUTE_MS, parseWallTime } from '../time/wall-time';
import { findConflicts } from './conflicts';
import { type OccurrenceException, PlannedEntry } from './planned-entry';

const jakarta = TimeZone.of('Asia/Jakarta');
const wall = (text: string) => parseWallTime(text) as number;

function entry(
  id: string,
  start: string,
  minutes: number,
  rule: string | null = null,
  exceptions: OccurrenceException[] = [],
  zone = jakarta,
): PlannedEntry {
  return new PlannedEntry(
    id,
    seriesOf(wall(start), rule === null ? null : parseRecurrenceRule(rule), zone),
    minutes * MINUTE_MS,
    exceptions,
  );
}

function conflicts(candidate: PlannedEntry, others: PlannedEntry[], zone = jakarta): Array<[string, string, string]> {
  return findConflicts(candidate, others, zone).map((c) => [c.entryId, zone.formatIso(c.start), zone.formatIso(c.end)]);
}

const cancelled = (original: string): OccurrenceException => ({ originalStartWall: wall(original), override: null });
const moved = (original: string, start: string, minutes: number): OccurrenceException => ({
  originalStartWall: wall(original),
  override: { startWall: wall(start), durationMs: minutes * MINUTE_MS, payload: undefined },
});

describe('conflicts on one channel', () => {
  const morningNews = entry('news', '2026-12-01T06:00', 120, 'FREQ=DAILY');

  it('allows back-to-back airings and finds overlaps, listing the occurrences hit', () => {
    expect(conflicts(entry('talk', '2026-12-03T08:00', 60), [morningNews])).toEqual([]);
    expect(conflicts(entry('talk', '2026-12-03T05:00', 60), [morningNews])).toEqual([]);
    expect(conflicts(entry('talk', '2026-12-03T07:30', 60), [morningNews])).toEqual([
      ['news', '2026-12-03T06:00:00+07:00', '2026-12-03T08:00:00+07:00'],
    ]);
  });

  it('sees airings across midnight', () => {
    const lateMovie = entry('movie', '2026-12-01T23:00', 150, 'FREQ=WEEKLY;BYDAY=TU');
    expect(conflicts(entry('early', '2026-12-09T01:00', 30), [lateMovie])).toEqual([
      ['movie', '2026-12-08T23:00:00+07:00', '2026-12-09T01:30:00+07:00'],
    ]);
    expect(conflicts(entry('early', '2026-12-09T01:30', 30), [lateMovie])).toEqual([]);
  });

  it('finds the first clash of two endless series however far it is', () => {
    // Every 13 days and every 4 weeks first meet after 169 days.
    const every13Days = entry('a', '2026-12-01T19:00', 60, 'FREQ=DAILY;INTERVAL=13');
    const everyFourWeeks = entry('b', '2026-12-02T19:30', 60, 'FREQ=WEEKLY;INTERVAL=4');
    expect(conflicts(everyFourWeeks, [every13Days]).slice(0, 1)).toEqual([
      ['a', '2027-05-19T19:00:00+07:00', '2027-05-19T20:00:00+07:00'],
    ]);
    const fridayThe13th = entry('c', '2026-11-13T21:00', 60, 'FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13');
    const thursdays = entry('d', '2026-11-19T21:30', 60, 'FREQ=WEEKLY;BYDAY=TH');
    expect(conflicts(fridayThe13th, [thursdays])).toEqual([]);
    const fridays = entry('e', '2026-12-04T20:30', 60, 'FREQ=WEEKLY;BYDAY=FR');
    expect(conflicts(fridayThe13th, [fridays]).slice(0, 1)).toEqual([
      ['e', '2027-08-13T20:30:00+07:00', '2027-08-13T21:30:00+07:00'],
    ]);
  });

  it('ignores series that have ended before the other starts', () => {
    const december = entry('dec', '2026-12-01T19:00', 60, 'FREQ=DAILY;COUNT=31');
    expect(conflicts(entry('jan', '2027-01-01T19:00', 60, 'FREQ=DAILY'), [december])).toEqual([]);
    expect(conflicts(entry('jan', '2026-12-31T19:30', 60, 'FREQ=DAILY'), [december])).toEqual([
      ['dec', '2026-12-31T19:00:00+07:00', '2026-12-31T20:00:00+07:00'],
    ]);
  });

  it('applies cancellations and moved occurrences, of the candidate and of the others', () => {
    const special = entry('special', '2026-12-10T05:00', 180);
    expect(conflicts(special, [morningNews]).map((c) => c[0])).toEqual(['news']);
    const newsWithoutThe10th = entry('news', '2026-12-01T06:00', 120, 'FREQ=DAILY', [cancelled('2026-12-10T06:00')]);
    expect(conflicts(special, [newsWithoutThe10th])).toEqual([]);
    const newsMovedLater = entry('news', '2026-12-01T06:00', 120, 'FREQ=DAILY', [
      moved('2026-12-10T06:00', '2026-12-10T08:00', 60),
    ]);
    expect(conflicts(special, [newsMovedLater])).toEqual([]);
    const newsMovedEarlier = entry('news', '2026-12-01T06:00', 120, 'FREQ=DAILY', [
      moved('2026-12-10T06:00', '2026-12-10T07:30', 60),
    ]);
    expect(conflicts(special, [newsMovedEarlier])).toEqual([
      ['news', '2026-12-10T07:30:00+07:00', '2026-12-10T08:30:00+07:00'],
    ]);
  });

  it('finds an occurrence moved onto another occurrence of its own series', () => {
    const daily = entry('daily', '2026-12-01T06:00', 120, 'FREQ=DAILY', [
      moved('2026-12-10T06:00', '2026-12-11T07:00', 60),
    ]);
    expect(conflicts(daily, [])).toEqual([
      ['daily', '2026-12-11T06:00:00+07:00', '2026-12-11T08:00:00+07:00'],
      ['daily', '2026-12-11T07:00:00+07:00', '2026-12-11T08:00:00+07:00'],
    ]);
  });

  it('checks real time across a daylight-saving change', () => {
    const newYork = TimeZone.of('America/New_York');
    // On 2027-03-14 clocks jump from 02:00 to 03:00: two hours from 01:00 end at 04:00.
    const night = entry('night', '2026-12-01T01:00', 120, 'FREQ=DAILY', [], newYork);
    const three = entry('three', '2026-12-01T03:00', 60, 'FREQ=DAILY', [], newYork);
    expect(conflicts(three, [night], newYork)).toEqual([
      ['night', '2027-03-14T01:00:00-05:00', '2027-03-14T04:00:00-04:00'],
      ['night', '2028-03-12T01:00:00-05:00', '2028-03-12T04:00:00-04:00'],
    ]);
  });

  it('lists the first clashes of two endless series, and at most `limit`', () => {
    const clashes = findConflicts(entry('x', '2026-12-01T06:30', 30, 'FREQ=DAILY'), [morningNews], jakarta);
    expect(clashes.map((c) => jakarta.formatIso(c.start))).toEqual([
      '2026-12-01T06:00:00+07:00',
      '2026-12-02T06:00:00+07:00',
      '2026-12-03T06:00:00+07:00',
    ]);
    expect(clashes.every((c) => c.end - c.start === 2 * HOUR_MS)).toBe(true);
    // An exception two months on makes the window reach past it.
    const withException = entry('x', '2026-12-01T06:30', 30, 'FREQ=DAILY', [cancelled('2027-02-01T06:30')]);
    expect(findConflicts(withException, [morningNews], jakarta)).toHaveLength(20);
    expect(findConflicts(withException, [morningNews], jakarta, 5)).toHaveLength(5);
  });
});
