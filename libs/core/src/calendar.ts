/**
 * The years Siaran's schedules and records live in: a date outside them is a typing mistake
 * (UNTIL=99991231), and would make expansions huge or fall outside what is stored.
 */
export const FIRST_YEAR = 1970;
export const LAST_YEAR = 2199;
const CALENDAR_END_MS = Date.UTC(LAST_YEAR + 1, 0, 1);

/** Whether an instant (or a wall time counted like one) falls within FIRST_YEAR to LAST_YEAR. */
export function inCalendar(time: number): boolean {
  return time >= 0 && time < CALENDAR_END_MS;
}
