import { formatRecurrenceRule, parseRecurrenceRule } from './recurrence-rule';

function refusal(text: string): { code: string; message: string } | undefined {
  try {
    parseRecurrenceRule(text);
    return undefined;
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
}

describe('recurrence rules', () => {
  it('reads the supported patterns and writes them back canonically', () => {
    const canonical = (text: string) => formatRecurrenceRule(parseRecurrenceRule(text));
    expect(canonical('RRULE:FREQ=DAILY')).toBe('FREQ=DAILY');
    expect(canonical('freq=weekly;byday=mo,we,fr')).toBe('FREQ=WEEKLY;BYDAY=MO,WE,FR');
    expect(canonical('FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;WKST=SU;UNTIL=20271231')).toBe(
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;WKST=SU;UNTIL=20271231',
    );
    expect(canonical('FREQ=MONTHLY;BYDAY=2FR;COUNT=12')).toBe('FREQ=MONTHLY;BYDAY=2FR;COUNT=12');
    expect(canonical('FREQ=MONTHLY;BYDAY=-1SU;UNTIL=20271231T170000Z')).toBe(
      'FREQ=MONTHLY;BYDAY=-1SU;UNTIL=20271231T170000Z',
    );
    expect(canonical('FREQ=MONTHLY;BYMONTHDAY=1,15,-1;INTERVAL=1')).toBe('FREQ=MONTHLY;BYMONTHDAY=1,15,-1');
    expect(canonical('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1')).toBe(
      'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
    );
    expect(parseRecurrenceRule('FREQ=WEEKLY;UNTIL=20261231T235959')).toMatchObject({ until: { kind: 'local' } });
  });

  it.each([
    ['', 'it is empty'],
    ['BYDAY=MO', 'FREQ is required'],
    ['FREQ=FORTNIGHTLY', 'FREQ=FORTNIGHTLY is not a frequency'],
    ['FREQ=WEEKLY;FREQ=DAILY', 'FREQ appears twice'],
    ['FREQ=WEEKLY;BYDAY=XX', 'BYDAY has an unknown weekday XX'],
    ['FREQ=WEEKLY;BYDAY=MONDAY', 'BYDAY value MONDAY is not a weekday'],
    ['FREQ=WEEKLY;BYDAY=2FR', 'a numbered weekday needs FREQ=MONTHLY'],
    ['FREQ=MONTHLY;BYDAY=6FR', 'a month has at most 5 of each weekday'],
    ['FREQ=MONTHLY;BYMONTHDAY=32', 'BYMONTHDAY value 32 is out of range'],
    ['FREQ=WEEKLY;BYMONTHDAY=1', 'BYMONTHDAY cannot be used with FREQ=WEEKLY'],
    ['FREQ=DAILY;INTERVAL=0', 'INTERVAL must be 1 or more'],
    ['FREQ=DAILY;COUNT=0', 'COUNT must be 1 or more'],
    ['FREQ=DAILY;COUNT=3;UNTIL=20271231', 'UNTIL and COUNT cannot both be given'],
    ['FREQ=DAILY;UNTIL=20270231', 'not a calendar date'],
    ['FREQ=DAILY;UNTIL=tomorrow', 'is not a date'],
    ['FREQ=DAILY;DTSTART=20261201T070000', 'DTSTART does not belong in the rule'],
    ['FREQ=DAILY;COLOR=RED', 'unknown part COLOR'],
    ['FREQ=DAILY;;', '"" is not NAME=VALUE'],
    ['FREQ=MONTHLY;BYSETPOS=1', 'BYSETPOS needs BYDAY or BYMONTHDAY'],
  ])('refuses %j as INVALID_RRULE (%s)', (text, reason) => {
    expect(refusal(text)).toEqual({ code: 'INVALID_RRULE', message: expect.stringContaining(reason) });
  });

  it.each([
    ['FREQ=HOURLY', 'FREQ=HOURLY'],
    ['FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=17', 'FREQ=YEARLY'],
    ['FREQ=DAILY;BYHOUR=7,19', 'BYHOUR (the time of day comes from the start)'],
    ['FREQ=WEEKLY;BYWEEKNO=20', 'BYWEEKNO'],
    ['FREQ=WEEKLY;INTERVAL=53', 'INTERVAL above 52 with FREQ=WEEKLY'],
    ['FREQ=WEEKLY;BYDAY=MO,FR;BYSETPOS=1', 'BYSETPOS with FREQ=WEEKLY'],
    ['FREQ=DAILY;COUNT=5001', 'COUNT above 5000'],
  ])('refuses %j as UNSUPPORTED_RRULE (%s)', (text, reason) => {
    expect(refusal(text)).toEqual({ code: 'UNSUPPORTED_RRULE', message: expect.stringContaining(reason) });
  });

  it.each(['FREQ=DAILY;UNTIL=99991231', 'FREQ=WEEKLY;UNTIL=22000101T000000Z', 'FREQ=DAILY;UNTIL=19691231'])(
    'refuses %j, past the years a schedule covers, as DATE_OUT_OF_RANGE',
    (text) => {
      expect(refusal(text)).toEqual({ code: 'DATE_OUT_OF_RANGE', message: expect.stringContaining('1970 to 2199') });
    },
  );
});
