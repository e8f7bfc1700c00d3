import { endpoints, getJson, listOf, type NowPlaying, type ScheduleOccurrence } from '../api';
import { h, setText } from '../dom';
import { locale, t } from '../i18n';
import { dayRange, formatDay, formatTime, formatWeekday, zoneLabel } from '../time';
import { errorBox, text } from './common';

export interface Guide {
  root: HTMLElement;
  /** Loads today's guide once the channel is known. */
  load(slug: string, timeZone: string): void;
  /** What now-playing says airs: the guide marks that occurrence, not the one the wall clock names. */
  setOnAir(data: NowPlaying | null): void;
  renderTexts(): void;
}

interface Row {
  element: HTMLLIElement;
  note: HTMLElement;
  entryId: string;
  start: number;
  end: number;
}

/** The days offered: today and the six after it. */
const DAYS = 7;
/** A programme joins its slot at the segment boundary nearest its start, a few seconds either side. */
const JOIN_TOLERANCE_MS = 60_000;

/** The occurrence now-playing names: the programme airing, or the one filler stands in for. */
function isOnAir(row: Row, data: NowPlaying | null): boolean {
  const item = data?.is_online ? data.now_playing : null;
  if (!item) return false;
  if (item.stands_in_for)
    return row.entryId === item.stands_in_for.entry_id && row.start === Date.parse(item.stands_in_for.starts_at);
  if (item.source.kind === 'filler' || item.entry_id !== row.entryId) return false;
  const startedAt = Date.parse(item.started_at);
  return row.start - JOIN_TOLERANCE_MS <= startedAt && startedAt < row.end;
}

/**
 * The channel's schedule for today and the next six days, in the channel's time zone. A day lists
 * the programmes starting in it (today also the one still on from last night), each with its end.
 */
export function createGuide(): Guide {
  const dayButtons = Array.from({ length: DAYS }, (_, offset) =>
    h('button', { type: 'button', class: 'button button-tab', 'aria-pressed': String(offset === 0) }),
  );
  const dayLine = h('p', { class: 'guide-day' });
  const list = h('ol', { class: 'guide-list', 'aria-busy': 'true' });
  const body = h('div', { class: 'guide-body' }, list);
  const root = h(
    'section',
    { class: 'guide', 'aria-labelledby': 'guide-heading' },
    h(
      'div',
      { class: 'guide-head' },
      text('h2', 'guideTitle', { id: 'guide-heading' }),
      h(
        'div',
        { class: 'guide-days', role: 'group', 'aria-label': t().guideDays, 'data-label': 'guideDays' },
        ...dayButtons,
      ),
    ),
    dayLine,
    body,
  );
  let slug = '';
  let timeZone = 'Asia/Jakarta';
  let dayOffset = 0;
  let occurrences: ScheduleOccurrence[] | null = null;
  let failed = false;
  let rows: Row[] = [];
  let loading: AbortController | null = null;
  let onAir: NowPlaying | null = null;

  const markOnAir = () => {
    const item = onAir?.is_online ? onAir.now_playing : null;
    for (const row of rows) {
      const current = isOnAir(row, onAir);
      row.element.classList.toggle('is-current', current);
      if (current) row.element.setAttribute('aria-current', 'time');
      else row.element.removeAttribute('aria-current');
      const replaced = current && item?.stands_in_for ? t().replacedBy(item.title || t().filler) : '';
      setText(row.note, replaced);
      row.note.hidden = replaced === '';
    }
  };

  const renderDayButtons = () => {
    dayButtons.forEach((button, offset) => {
      const { from } = dayRange(Date.now(), timeZone, offset);
      setText(
        button,
        offset === 0 ? t().today : offset === 1 ? t().tomorrow : formatWeekday(from + 12 * 3600000, timeZone, locale()),
      );
    });
  };

  const renderList = () => {
    rows = [];
    body.replaceChildren(list);
    if (failed) {
      body.replaceChildren(errorBox(() => void fetchDay()));
      return;
    }
    if (!occurrences) {
      list.setAttribute('aria-busy', 'true');
      list.replaceChildren(h('li', { class: 'guide-placeholder' }, t().loading));
      return;
    }
    list.setAttribute('aria-busy', 'false');
    if (occurrences.length === 0) {
      list.replaceChildren(h('li', { class: 'guide-placeholder' }, t().guideEmpty));
      return;
    }
    list.replaceChildren(
      ...occurrences.map((occurrence) => {
        const start = Date.parse(occurrence.start);
        const end = Date.parse(occurrence.end);
        const { programme } = occurrence;
        const details = [programme.host ? t().hostedBy(programme.host) : '', programme.category ?? '']
          .filter(Boolean)
          .join(' · ');
        const note = h('p', { class: 'guide-note', hidden: 'true' });
        const element = h(
          'li',
          { class: 'guide-item', 'data-entry-id': occurrence.entryId },
          h(
            'p',
            { class: 'guide-time' },
            h('time', { datetime: occurrence.start }, formatTime(start, timeZone, locale())),
            '–',
            h('time', { class: 'guide-end', datetime: occurrence.end }, formatTime(end, timeZone, locale())),
          ),
          h(
            'div',
            { class: 'guide-text' },
            h('p', { class: 'guide-title' }, programme.title, ' ', h('span', { class: 'now-badge' }, t().nowBadge)),
            details ? h('p', { class: 'guide-details' }, details) : null,
            note,
          ),
        );
        rows.push({ element, note, entryId: occurrence.entryId, start, end });
        return element;
      }),
    );
    markOnAir();
  };

  const renderDay = () => {
    const { from } = dayRange(Date.now(), timeZone, dayOffset);
    // Noon of that day, safely inside it, names the date and the zone.
    setText(
      dayLine,
      `${formatDay(from + 12 * 3600000, timeZone, locale())} · ${t().timesIn(zoneLabel(timeZone, locale(), from))}`,
    );
  };

  const fetchDay = async () => {
    loading?.abort();
    const controller = new AbortController();
    loading = controller;
    occurrences = null;
    failed = false;
    renderDay();
    renderList();
    const now = Date.now();
    const { from, to } = dayRange(now, timeZone, dayOffset);
    try {
      const body = await getJson<unknown>(endpoints.schedule(slug, from, to), controller.signal);
      // A programme belongs to the day it starts on; today also shows one still on from last night.
      occurrences = listOf<ScheduleOccurrence>(body, 'occurrences')
        .filter((o) => Date.parse(o.start) >= from || (dayOffset === 0 && Date.parse(o.end) > now))
        .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    } catch {
      if (controller.signal.aborted) return;
      failed = true;
    }
    if (loading === controller) renderList();
  };

  const select = (offset: number) => {
    if (offset === dayOffset) return;
    dayOffset = offset;
    dayButtons.forEach((button, index) => button.setAttribute('aria-pressed', String(index === offset)));
    void fetchDay();
  };
  dayButtons.forEach((button, offset) => button.addEventListener('click', () => select(offset)));

  const guide: Guide = {
    root,
    load(channelSlug, channelTimeZone) {
      slug = channelSlug;
      timeZone = channelTimeZone;
      renderDayButtons();
      void fetchDay();
    },
    setOnAir(data) {
      onAir = data;
      markOnAir();
    },
    renderTexts() {
      renderDayButtons();
      if (slug) renderDay();
      renderList();
    },
  };
  renderDayButtons();
  renderList();
  return guide;
}
