import fc from 'fast-check';
import { DateTime } from 'luxon';
import { RRule } from 'rrule';
import { SYSTEM_USER } from '@siaran/auth';
import { DomainError } from '@siaran/core';
import { type EntryView, GuideService, ScheduleReader, ScheduleService } from '@siaran/scheduling';
import { createTestApp, type TestApp } from '../support/app';
import { login } from '../support/auth';
import { createStudio, type Studio } from '../support/scheduling';
import { sql } from '../support/sql';

/**
 * Random sequences of creates, edits, cancellations, moves, restores and deletes on two
 * channels (one in a zone with daylight saving). After every step, whether the write was
 * accepted or refused: no two occurrences of a channel overlap, the reader and now/next
 * agree with an independent expansion (rrule + luxon), and a refused write changed nothing.
 */
const BASE = DateTime.fromISO('2026-10-19T00:00:00', { zone: 'UTC' });
const WINDOW_FROM = new Date('2026-10-18T00:00:00Z');
const WINDOW_TO = new Date('2026-11-30T00:00:00Z');
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

interface OracleOccurrence {
  entryId: string;
  start: number;
  end: number;
}

function wallFields(iso: string) {
  const wall = DateTime.fromISO(iso, { zone: 'UTC' });
  return {
    year: wall.year,
    month: wall.month,
    day: wall.day,
    hour: wall.hour,
    minute: wall.minute,
    second: wall.second,
  };
}

/** The first instant a wall time names (luxon alone would take the second of a repeated hour). */
function instantOf(iso: string, zone: string): number {
  const dt = DateTime.fromObject(wallFields(iso), { zone });
  const earlier = dt.minus({ hours: 1 });
  return (earlier.toFormat('yyyy-MM-dd HH:mm') === dt.toFormat('yyyy-MM-dd HH:mm') ? earlier : dt).toMillis();
}

function expand(entry: EntryView, zone: string): OracleOccurrence[] {
  const starts = entry.recurrence
    ? new RRule({
        ...RRule.parseString(entry.recurrence.replace(/;?(COUNT|UNTIL)=[^;]*/g, '')),
        dtstart: new Date(`${entry.start}Z`),
        until: entry.lastStart ? new Date(`${entry.lastStart}Z`) : new Date(WINDOW_TO.getTime() + 86_400_000),
      })
        .all()
        .map((d) => d.toISOString().slice(0, 19))
    : [entry.start];
  const occurrences: OracleOccurrence[] = [];
  for (const original of starts) {
    const exception = entry.exceptions.find((x) => x.originalStart === original);
    if (exception?.cancelled) continue;
    const start = instantOf(exception ? (exception.start as string) : original, zone);
    occurrences.push({
      entryId: entry.id,
      start,
      end: start + (exception ? (exception.durationSeconds as number) : entry.durationSeconds) * 1000,
    });
  }
  return occurrences
    .filter((o) => o.end > WINDOW_FROM.getTime() && o.start < WINDOW_TO.getTime())
    .sort((a, b) => a.start - b.start);
}

type Operation =
  | {
      kind: 'create';
      channel: number;
      day: number;
      halfHour: number;
      minutes: number;
      rule: number;
      weekdays: number[];
    }
  | { kind: 'update'; pick: number; halfHour: number; minutes: number; rule: number }
  | { kind: 'cancel' | 'restore'; pick: number; occurrence: number }
  | { kind: 'move'; pick: number; occurrence: number; shift: number; minutes: number }
  | { kind: 'delete'; pick: number };

const RULES = [
  null,
  'FREQ=DAILY',
  'FREQ=DAILY;INTERVAL=2',
  'FREQ=WEEKLY',
  'FREQ=WEEKLY;BYDAY=',
  'FREQ=WEEKLY;INTERVAL=2;BYDAY=',
  'FREQ=DAILY;COUNT=4',
  'FREQ=MONTHLY',
];
const minutes = fc.constantFrom(30, 60, 90, 120, 240, 600);
const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      channel: fc.nat(1),
      day: fc.nat(13),
      halfHour: fc.nat(47),
      minutes,
      rule: fc.nat(RULES.length - 1),
      weekdays: fc.uniqueArray(fc.nat(6), { maxLength: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('update' as const),
      pick: fc.nat(),
      halfHour: fc.nat(47),
      minutes,
      rule: fc.nat(RULES.length - 1),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom('cancel' as const, 'restore' as const),
      pick: fc.nat(),
      occurrence: fc.nat(5),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('move' as const),
      pick: fc.nat(),
      occurrence: fc.nat(5),
      shift: fc.integer({ min: -6, max: 6 }),
      minutes,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
);

describe('the schedule under random writes', () => {
  let t: TestApp;
  let channels: Array<Studio & { zone: string; slug: string }>;
  beforeAll(async () => {
    t = await createTestApp();
    const admin = await login(t);
    channels = [
      { ...(await createStudio(t, admin, 'jakarta')), zone: 'Asia/Jakarta', slug: 'jakarta-tv' },
      { ...(await createStudio(t, admin, 'berlin', 'Europe/Berlin')), zone: 'Europe/Berlin', slug: 'berlin-tv' },
    ];
  });
  afterAll(() => t.close());

  async function entriesOf(channel: Studio): Promise<EntryView[]> {
    return t.app.get(ScheduleService).listOfChannel(channel.channelId);
  }

  /** Runs one operation; false when the service refused it (400/404/409). */
  async function apply(op: Operation): Promise<boolean> {
    const schedule = t.app.get(ScheduleService);
    const all = (await Promise.all(channels.map(entriesOf))).flat();
    const target = all.length && 'pick' in op ? all[op.pick % all.length] : undefined;
    const occurrenceOf = (entry: EntryView, index: number) => {
      const channel = channels.find((c) => c.channelId === entry.channelId) as (typeof channels)[number];
      const starts = entry.recurrence ? expand({ ...entry, exceptions: [] }, channel.zone) : [];
      return (
        starts[index % Math.max(1, starts.length)] &&
        DateTime.fromMillis(starts[index % starts.length].start, { zone: channel.zone }).toFormat(
          "yyyy-MM-dd'T'HH:mm:ss",
        )
      );
    };
    const ruleFor = (index: number, startIso: string, weekdays: number[] = []) => {
      const rule = RULES[index];
      if (rule === null || !rule.endsWith('BYDAY=')) return rule;
      const own = (DateTime.fromISO(startIso, { zone: 'UTC' }).weekday + 6) % 7;
      return (
        rule +
        [...new Set([own, ...weekdays])]
          .sort()
          .map((d) => WEEKDAYS[d])
          .join(',')
      );
    };
    try {
      if (op.kind === 'create') {
        const start = BASE.plus({ days: op.day, minutes: op.halfHour * 30 }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
        const channel = channels[op.channel];
        await schedule.create(SYSTEM_USER, {
          channelId: channel.channelId,
          programmeId: channel.programmeId,
          start,
          durationSeconds: op.minutes * 60,
          recurrence: ruleFor(op.rule, start, op.weekdays),
        });
      } else if (!target) {
        return false;
      } else if (op.kind === 'update') {
        const start = `${target.start.slice(0, 10)}T${DateTime.fromObject({ hour: 0 }, { zone: 'UTC' })
          .plus({ minutes: op.halfHour * 30 })
          .toFormat('HH:mm:ss')}`;
        await schedule.update(SYSTEM_USER, target.id, {
          start,
          durationSeconds: op.minutes * 60,
          recurrence: ruleFor(op.rule, start),
        });
      } else if (op.kind === 'delete') {
        await schedule.remove(SYSTEM_USER, target.id);
      } else {
        const original = occurrenceOf(target, op.occurrence);
        if (!original) return false;
        if (op.kind === 'cancel')
          await schedule.changeOccurrence(SYSTEM_USER, target.id, original, { cancelled: true });
        else if (op.kind === 'restore') await schedule.restoreOccurrence(SYSTEM_USER, target.id, original);
        else if (op.kind === 'move') {
          const start = DateTime.fromISO(original, { zone: 'UTC' })
            .plus({ minutes: op.shift * 30 })
            .toFormat("yyyy-MM-dd'T'HH:mm:ss");
          await schedule.changeOccurrence(SYSTEM_USER, target.id, original, {
            start,
            durationSeconds: op.minutes * 60,
          });
        }
      }
      return true;
    } catch (error) {
      if (error instanceof DomainError && ['invalid', 'not-found', 'conflict'].includes(error.kind)) return false;
      throw error;
    }
  }

  async function checkInvariants(at: Date[]): Promise<void> {
    for (const channel of channels) {
      const expected = (await entriesOf(channel))
        .flatMap((entry) => expand(entry, channel.zone))
        .sort((a, b) => a.start - b.start || a.end - b.end);
      for (let i = 1; i < expected.length; i += 1) {
        if (expected[i].start < expected[i - 1].end)
          throw new Error(`overlap on ${channel.slug}: ${JSON.stringify([expected[i - 1], expected[i]])}`);
      }
      const read = await t.app.get(ScheduleReader).occurrences(channel.channelId, WINDOW_FROM, WINDOW_TO);
      expect(read.map((o) => ({ entryId: o.entryId, start: o.start.getTime(), end: o.end.getTime() }))).toEqual(
        expected,
      );
      for (const instant of at) {
        const { current, next } = await t.app.get(GuideService).nowNext(channel.slug, instant.toISOString(), 2);
        const inOracle = expected.find((o) => o.start <= instant.getTime() && o.end > instant.getTime());
        expect(current && [current.entryId, current.start.getTime()]).toEqual(
          inOracle ? [inOracle.entryId, inOracle.start] : null,
        );
        const upcoming = expected
          .filter((o) => o.start > instant.getTime() && o.start < instant.getTime() + 7 * 86_400_000)
          .slice(0, 2);
        expect(next.map((o) => [o.entryId, o.start.getTime()])).toEqual(upcoming.map((o) => [o.entryId, o.start]));
      }
    }
  }

  it('never lets two occurrences of a channel overlap, and reads agree with the expansion', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(operation, { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 20 * 24 * 2 }), { minLength: 2, maxLength: 2 }),
        async (operations, halfHours) => {
          // Behind the services' back: the schedule versions must move too, or readers keep their cache.
          await sql(
            t.database.url,
            'DELETE FROM schedule_entries; UPDATE channels SET schedule_version = schedule_version + 1',
          );
          const at = halfHours.map((h) => BASE.plus({ minutes: h * 30 + 7 }).toJSDate());
          for (const op of operations) {
            const before = JSON.stringify((await Promise.all(channels.map(entriesOf))).flat());
            const accepted = await apply(op);
            if (!accepted) expect(JSON.stringify((await Promise.all(channels.map(entriesOf))).flat())).toBe(before);
            await checkInvariants(at);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
