import fc from 'fast-check';
import { type Frequency, type Options, RRule, type Weekday } from 'rrule';
import { TimeZone } from '../time/time-zone';
import { DAY_MS, dayOfWall, formatWallTime, parseWallTime } from '../time/wall-time';
import { parseRecurrenceRule, type RecurrenceRule } from './recurrence-rule';
import { ruleDays } from './rule-days';
import { seriesOf } from './series';

const jakarta = TimeZone.of('Asia/Jakarta');
const wall = (text: string) => parseWallTime(text) as number;
const day = (text: string) => dayOfWall(wall(`${text}T00:00`));

function starts(startText: string, rule: string | null, from: string, to: string): string[] {
  const series = seriesOf(wall(startText), rule === null ? null : parseRecurrenceRule(rule), jakarta);
  return series.startsOnDays(day(from), day(to)).map(formatWallTime);
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('series of an entry', () => {
  it('airs a single entry once', () => {
    expect(starts('2026-12-01T19:00', null, '2026-11-01', '2026-12-31')).toEqual(['2026-12-01T19:00:00']);
    expect(starts('2026-12-01T19:00', null, '2026-12-02', '2026-12-31')).toEqual([]);
  });

  it('airs weekly on chosen weekdays, every N weeks, and daily', () => {
    expect(starts('2026-12-01T07:00', 'FREQ=WEEKLY;BYDAY=TU,TH', '2026-12-01', '2026-12-14')).toEqual([
      '2026-12-01T07:00:00',
      '2026-12-03T07:00:00',
      '2026-12-08T07:00:00',
      '2026-12-10T07:00:00',
    ]);
    expect(starts('2026-12-04T11:30', 'FREQ=WEEKLY;INTERVAL=2', '2026-12-01', '2026-12-31')).toEqual([
      '2026-12-04T11:30:00',
      '2026-12-18T11:30:00',
    ]);
    expect(starts('2026-12-30T23:00', 'RRULE:freq=daily', '2026-12-31', '2027-01-01')).toEqual([
      '2026-12-31T23:00:00',
      '2027-01-01T23:00:00',
    ]);
  });

  it('airs monthly by day of month (skipping months without it) and by "second Friday" or "last Sunday"', () => {
    expect(starts('2026-01-31T20:00', 'FREQ=MONTHLY', '2026-01-01', '2026-05-31')).toEqual([
      '2026-01-31T20:00:00',
      '2026-03-31T20:00:00',
      '2026-05-31T20:00:00',
    ]);
    expect(starts('2026-12-11T19:00', 'FREQ=MONTHLY;BYDAY=2FR', '2026-12-01', '2027-03-31')).toEqual([
      '2026-12-11T19:00:00',
      '2027-01-08T19:00:00',
      '2027-02-12T19:00:00',
      '2027-03-12T19:00:00',
    ]);
    expect(starts('2026-12-27T08:00', 'FREQ=MONTHLY;BYDAY=-1SU', '2026-12-01', '2027-02-28')).toEqual([
      '2026-12-27T08:00:00',
      '2027-01-31T08:00:00',
      '2027-02-28T08:00:00',
    ]);
    expect(
      starts('2026-12-31T08:00', 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1', '2026-12-01', '2027-01-31'),
    ).toEqual(['2026-12-31T08:00:00', '2027-01-29T08:00:00']);
    expect(starts('2026-11-13T21:00', 'FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13', '2026-11-01', '2027-12-31')).toEqual([
      '2026-11-13T21:00:00',
      '2027-08-13T21:00:00',
    ]);
    expect(starts('2026-12-01T10:00', 'FREQ=MONTHLY;BYDAY=1TU,SA', '2026-12-01', '2026-12-31')).toEqual([
      '2026-12-01T10:00:00',
      '2026-12-05T10:00:00',
      '2026-12-12T10:00:00',
      '2026-12-19T10:00:00',
      '2026-12-26T10:00:00',
    ]);
  });

  it('ends with COUNT or UNTIL (a date, a wall time, or UTC read in the zone)', () => {
    expect(starts('2026-12-01T07:00', 'FREQ=DAILY;COUNT=3', '2026-11-01', '2027-12-31')).toEqual([
      '2026-12-01T07:00:00',
      '2026-12-02T07:00:00',
      '2026-12-03T07:00:00',
    ]);
    expect(starts('2026-12-01T07:00', 'FREQ=WEEKLY;UNTIL=20261215', '2026-11-01', '2027-12-31')).toEqual([
      '2026-12-01T07:00:00',
      '2026-12-08T07:00:00',
      '2026-12-15T07:00:00',
    ]);
    expect(starts('2026-12-01T07:00', 'FREQ=WEEKLY;UNTIL=20261215T065959', '2026-11-01', '2027-12-31')).toHaveLength(2);
    // 00:00 UTC is 07:00 WIB: the occurrence of the 15th is included.
    expect(starts('2026-12-01T07:00', 'FREQ=WEEKLY;UNTIL=20261215T000000Z', '2026-11-01', '2027-12-31')).toHaveLength(
      3,
    );
    expect(seriesOf(wall('2026-12-01T07:00'), parseRecurrenceRule('FREQ=DAILY;COUNT=3'), jakarta).lastStartWall).toBe(
      wall('2026-12-03T07:00'),
    );
    expect(seriesOf(wall('2026-12-01T07:00'), parseRecurrenceRule('FREQ=DAILY'), jakarta).lastStartWall).toBeNull();
  });

  it('refuses a COUNT whose last occurrence falls past 2199 as DATE_OUT_OF_RANGE', () => {
    const rule = parseRecurrenceRule('FREQ=MONTHLY;INTERVAL=12;COUNT=5000');
    expect(codeOf(() => seriesOf(wall('2026-12-01T07:00'), rule, jakarta))).toBe('DATE_OUT_OF_RANGE');
  });

  it('refuses a start that is not an occurrence, and UNTIL before the start', () => {
    expect(codeOf(() => seriesOf(wall('2026-12-01T07:00'), parseRecurrenceRule('FREQ=WEEKLY;BYDAY=MO'), jakarta))).toBe(
      'START_NOT_IN_RECURRENCE',
    );
    expect(
      codeOf(() => seriesOf(wall('2026-12-01T07:00'), parseRecurrenceRule('FREQ=WEEKLY;UNTIL=20261130'), jakarta)),
    ).toBe('UNTIL_BEFORE_START');
  });

  it('has a period: days for daily and weekly patterns, the 28-year calendar cycle for monthly ones', () => {
    const period = (rule: string, start = '2026-12-01T07:00') =>
      seriesOf(wall(start), parseRecurrenceRule(rule), jakarta).periodDays();
    expect(period('FREQ=DAILY;INTERVAL=3')).toBe(3);
    expect(period('FREQ=DAILY;BYDAY=TU,WE')).toBe(7);
    expect(period('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU')).toBe(14);
    expect(period('FREQ=MONTHLY;BYDAY=1TU')).toBe(10227);
    expect(period('FREQ=MONTHLY;INTERVAL=5;BYDAY=1TU')).toBe(5 * 10227);
    expect(period('FREQ=DAILY;BYMONTH=12')).toBe(10227);
  });
});

describe('expansion agrees with the rrule package', () => {
  const WEEKDAY_OBJECTS = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU];
  const FREQUENCIES: Record<RecurrenceRule['freq'], Frequency> = {
    DAILY: RRule.DAILY,
    WEEKLY: RRule.WEEKLY,
    MONTHLY: RRule.MONTHLY,
  };

  function oracleRule(rule: RecurrenceRule, startWall: number, untilDay: number): RRule {
    return new RRule({
      freq: FREQUENCIES[rule.freq],
      interval: rule.interval,
      dtstart: new Date(startWall),
      // Bounds rrule's own search, which for a rule that never fires would run to year 9999.
      until: new Date((untilDay + 1) * DAY_MS),
      wkst: WEEKDAY_OBJECTS[rule.wkst],
      count: rule.count,
      byweekday: rule.byDay.length
        ? rule.byDay.map((d): Weekday =>
            d.ordinal === null ? WEEKDAY_OBJECTS[d.weekday] : WEEKDAY_OBJECTS[d.weekday].nth(d.ordinal),
          )
        : null,
      bymonthday: rule.byMonthDay.length ? rule.byMonthDay : null,
      bymonth: rule.byMonth.length ? rule.byMonth : null,
      bysetpos: rule.bySetPos.length ? rule.bySetPos : null,
    } satisfies Partial<Options>);
  }

  function oracle(rule: RecurrenceRule, startWall: number, fromDay: number, toDay: number): number[] {
    return oracleRule(rule, startWall, toDay)
      .between(new Date(fromDay * DAY_MS), new Date((toDay + 1) * DAY_MS - 1), true)
      .map((date) => date.getTime());
  }

  const weekdays = fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 4 });
  // Left out: rules that never fire (rrule searches for them for seconds) and BYDAY mixing
  // numbered and plain weekdays (rrule gives nothing for those; a test above covers them).
  const monthlyDays = fc.oneof(
    fc.record({
      byDay: fc.uniqueArray(fc.record({ weekday: fc.integer({ min: 0, max: 6 }), ordinal: fc.constant(null) }), {
        minLength: 1,
        maxLength: 3,
        selector: (d) => d.weekday,
      }),
    }),
    fc.record({
      byDay: fc.uniqueArray(
        fc.record({ weekday: fc.integer({ min: 0, max: 6 }), ordinal: fc.constantFrom(1, 2, 3, 4, -1, -2) }),
        { minLength: 1, maxLength: 3, selector: (d) => d.weekday },
      ),
    }),
    fc.record({
      byMonthDay: fc.uniqueArray(fc.constantFrom(1, 2, 13, 15, 28, 29, 30, 31, -1, -2), { minLength: 1, maxLength: 3 }),
    }),
  );
  const ruleArbitrary = fc.oneof(
    fc.record({
      freq: fc.constant('DAILY' as const),
      interval: fc.integer({ min: 1, max: 6 }),
      byDay: fc.option(weekdays),
      byMonth: fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 6 })),
    }),
    fc.record({
      freq: fc.constant('WEEKLY' as const),
      interval: fc.integer({ min: 1, max: 5 }),
      byDay: fc.option(weekdays),
      wkst: fc.integer({ min: 0, max: 6 }),
    }),
    fc
      .tuple(
        fc.record({
          freq: fc.constant('MONTHLY' as const),
          interval: fc.integer({ min: 1, max: 4 }),
          bySetPos: fc.option(fc.constantFrom([1], [-1], [2])),
        }),
        monthlyDays,
      )
      .map(([base, days]) => ({ ...base, ...days })),
  );

  it('for random rules, starts, windows and counts', () => {
    fc.assert(
      fc.property(
        ruleArbitrary,
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 1, max: 90 }),
        fc.option(fc.integer({ min: 1, max: 40 })),
        (shape, startOffset, hour, windowOffset, windowDays, count) => {
          const byDay =
            'byDay' in shape && shape.byDay
              ? shape.byDay.map((d) => (typeof d === 'number' ? { weekday: d, ordinal: null } : d))
              : [];
          const rule: RecurrenceRule = {
            freq: shape.freq,
            interval: shape.interval,
            byDay,
            byMonthDay: 'byMonthDay' in shape && shape.byMonthDay ? shape.byMonthDay : [],
            byMonth: 'byMonth' in shape && shape.byMonth ? shape.byMonth : [],
            bySetPos: 'bySetPos' in shape && shape.bySetPos ? [...shape.bySetPos] : [],
            wkst: 'wkst' in shape ? shape.wkst : 0,
            until: null,
            count,
          };
          // A day on which the rule fires starts the series. Were it not one for rrule, the
          // comparison below would tell, since rrule leaves such a start out.
          const probeDay = day('2020-01-01') + startOffset;
          const firstDay = ruleDays(rule, probeDay, probeDay, probeDay + 400)[0];
          fc.pre(firstDay !== undefined);
          const anchor = firstDay * DAY_MS + hour * 3_600_000;
          const series = seriesOf(anchor, rule, jakarta);
          const fromDay = dayOfWall(anchor) - 30 + windowOffset;
          const toDay = fromDay + windowDays;
          expect(series.startsOnDays(fromDay, toDay)).toEqual(oracle(rule, anchor, fromDay, toDay));
        },
      ),
      { numRuns: 300 },
    );
  });
});
