import { civilFromDays, daysFromCivil, daysInMonth, weekdayOfDay } from '../time/wall-time';
import { type RecurrenceRule } from './recurrence-rule';

/**
 * The days (counted from 1970-01-01) within [fromDay, toDay] on which `rule` fires for a
 * series whose first occurrence is on `anchorDay`, ascending. UNTIL and COUNT are not
 * applied here (a series applies them as its last start). Costs time in proportion to the
 * range, never to the age of the series: the periods before `fromDay` are skipped by
 * arithmetic.
 */
export function ruleDays(rule: RecurrenceRule, anchorDay: number, fromDay: number, toDay: number): number[] {
  const first = Math.max(fromDay, anchorDay);
  if (first > toDay) return [];
  switch (rule.freq) {
    case 'DAILY':
      return dailyDays(rule, anchorDay, first, toDay);
    case 'WEEKLY':
      return weeklyDays(rule, anchorDay, first, toDay);
    case 'MONTHLY':
      return monthlyDays(rule, anchorDay, first, toDay);
  }
}

function dailyDays(rule: RecurrenceRule, anchorDay: number, first: number, toDay: number): number[] {
  const days: number[] = [];
  const weekdays = rule.byDay.map((d) => d.weekday);
  for (
    let day = anchorDay + Math.ceil((first - anchorDay) / rule.interval) * rule.interval;
    day <= toDay;
    day += rule.interval
  ) {
    if (weekdays.length && !weekdays.includes(weekdayOfDay(day))) continue;
    if (rule.byMonth.length || rule.byMonthDay.length) {
      const { year, month, day: dayOfMonth } = civilFromDays(day);
      if (rule.byMonth.length && !rule.byMonth.includes(month)) continue;
      if (
        rule.byMonthDay.length &&
        !rule.byMonthDay.some((d) => monthDayOf(d, daysInMonth(year, month)) === dayOfMonth)
      )
        continue;
    }
    days.push(day);
  }
  return days;
}

function weeklyDays(rule: RecurrenceRule, anchorDay: number, first: number, toDay: number): number[] {
  const weekStart = (day: number) => day - ((weekdayOfDay(day) - rule.wkst + 7) % 7);
  const offsets = [...new Set(rule.byDay.length ? rule.byDay.map((d) => d.weekday) : [weekdayOfDay(anchorDay)])]
    .map((weekday) => (weekday - rule.wkst + 7) % 7)
    .sort((a, b) => a - b);
  const anchorWeek = weekStart(anchorDay);
  const step = 7 * rule.interval;
  const days: number[] = [];
  for (let week = anchorWeek + Math.ceil((weekStart(first) - anchorWeek) / step) * step; week <= toDay; week += step) {
    for (const offset of offsets) {
      const day = week + offset;
      if (day < first || day > toDay) continue;
      if (rule.byMonth.length && !rule.byMonth.includes(civilFromDays(day).month)) continue;
      days.push(day);
    }
  }
  return days;
}

function monthlyDays(rule: RecurrenceRule, anchorDay: number, first: number, toDay: number): number[] {
  const monthIndex = (day: number) => {
    const { year, month } = civilFromDays(day);
    return year * 12 + month - 1;
  };
  const anchorMonth = monthIndex(anchorDay);
  const anchorDayOfMonth = civilFromDays(anchorDay).day;
  const days: number[] = [];
  const lastMonth = monthIndex(toDay);
  for (
    let index = anchorMonth + Math.ceil((monthIndex(first) - anchorMonth) / rule.interval) * rule.interval;
    index <= lastMonth;
    index += rule.interval
  ) {
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    if (rule.byMonth.length && !rule.byMonth.includes(month)) continue;
    const base = daysFromCivil(year, month, 1);
    for (const dayOfMonth of monthDays(rule, year, month, anchorDayOfMonth)) {
      const day = base + dayOfMonth - 1;
      if (day >= first && day <= toDay) days.push(day);
    }
  }
  return days;
}

/** The days of one month a MONTHLY rule picks, ascending. */
function monthDays(rule: RecurrenceRule, year: number, month: number, anchorDayOfMonth: number): number[] {
  const length = daysInMonth(year, month);
  const firstWeekday = weekdayOfDay(daysFromCivil(year, month, 1));
  const byMonthDay = rule.byMonthDay.map((d) => monthDayOf(d, length)).filter((d) => d >= 1 && d <= length);
  const byDay = rule.byDay.flatMap(({ weekday, ordinal }) => {
    const firstOfWeekday = 1 + ((weekday - firstWeekday + 7) % 7);
    const all = [0, 1, 2, 3, 4].map((week) => firstOfWeekday + 7 * week).filter((d) => d <= length);
    if (ordinal === null) return all;
    const picked = ordinal > 0 ? all[ordinal - 1] : all[all.length + ordinal];
    return picked === undefined ? [] : [picked];
  });
  let chosen: number[];
  if (rule.byMonthDay.length && rule.byDay.length) chosen = byMonthDay.filter((d) => byDay.includes(d));
  else if (rule.byMonthDay.length) chosen = byMonthDay;
  else if (rule.byDay.length) chosen = byDay;
  else chosen = anchorDayOfMonth <= length ? [anchorDayOfMonth] : [];
  chosen = [...new Set(chosen)].sort((a, b) => a - b);
  if (!rule.bySetPos.length) return chosen;
  const picked = rule.bySetPos
    .map((position) => (position > 0 ? chosen[position - 1] : chosen[chosen.length + position]))
    .filter((d): d is number => d !== undefined);
  return [...new Set(picked)].sort((a, b) => a - b);
}

/** BYMONTHDAY counts from the end when negative: -1 is the last day. */
function monthDayOf(value: number, monthLength: number): number {
  return value > 0 ? value : monthLength + value + 1;
}
