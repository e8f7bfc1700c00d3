import { endpoints, getJson, listOf, type ScheduleOccurrence } from '../api';
import { h, setText } from '../dom';
import { locale, t } from '../i18n';
import { dayRange, formatDay, formatTime, zoneLabel } from '../time';
import { errorBox, text } from './common';

export interface Guide {
  root: HTMLElement;
  /** Loads today's guide once the channel is known. */
  load(slug: string, timeZone: string): void;
  /** Called every second: moves the highlight when a programme starts. */
  tick(now: number): void;
  renderTexts(): void;
}

interface Row {
  element: HTMLLIElement;
  start: number;
  end: number;
}

/** Today's (or tomorrow's) schedule of the channel, in the channel's time zone, the current programme highlighted. */
export function createGuide(): Guide {
  const today = text('button', 'today', { type: 'button', class: 'button button-tab', 'aria-pressed': 'true' });
  const tomorrow = text('button', 'tomorrow', { type: 'button', class: 'button button-tab', 'aria-pressed': 'false' });
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
        { class: 'guide-days', role: 'group', 'aria-label': t().guideTitle, 'data-label': 'guideTitle' },
        today,
        tomorrow,
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
        const element = h(
          'li',
          { class: 'guide-item', 'data-entry-id': occurrence.entry_id },
          h('time', { class: 'guide-time', datetime: occurrence.start }, formatTime(start, timeZone, locale())),
          h(
            'div',
            { class: 'guide-text' },
            h('p', { class: 'guide-title' }, programme.title, ' ', h('span', { class: 'now-badge' }, t().nowBadge)),
            details ? h('p', { class: 'guide-details' }, details) : null,
          ),
        );
        rows.push({ element, start, end });
        return element;
      }),
    );
    guide.tick(Date.now());
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
    const { from, to } = dayRange(Date.now(), timeZone, dayOffset);
    try {
      const body = await getJson<unknown>(endpoints.schedule(slug, from, to), controller.signal);
      occurrences = listOf<ScheduleOccurrence>(body, 'occurrences').sort(
        (a, b) => Date.parse(a.start) - Date.parse(b.start),
      );
    } catch {
      if (controller.signal.aborted) return;
      failed = true;
    }
    if (loading === controller) renderList();
  };

  const select = (offset: number) => {
    if (offset === dayOffset) return;
    dayOffset = offset;
    today.setAttribute('aria-pressed', String(offset === 0));
    tomorrow.setAttribute('aria-pressed', String(offset === 1));
    void fetchDay();
  };
  today.addEventListener('click', () => select(0));
  tomorrow.addEventListener('click', () => select(1));

  const guide: Guide = {
    root,
    load(channelSlug, channelTimeZone) {
      slug = channelSlug;
      timeZone = channelTimeZone;
      void fetchDay();
    },
    tick(now) {
      for (const row of rows) {
        const current = row.start <= now && now < row.end;
        if (current === row.element.classList.contains('is-current')) continue;
        row.element.classList.toggle('is-current', current);
        if (current) row.element.setAttribute('aria-current', 'time');
        else row.element.removeAttribute('aria-current');
      }
    },
    renderTexts() {
      if (slug) renderDay();
      renderList();
    },
  };
  renderList();
  return guide;
}
