import type { NowPlaying } from '../api';
import { h, setText } from '../dom';
import { locale, t } from '../i18n';
import { formatTime, progressAt, zoneLabel } from '../time';
import { text } from './common';

export interface NowNext {
  root: HTMLElement;
  update(data: NowPlaying | null): void;
  /** Called every second: progress bar and time left. */
  tick(now: number): void;
  renderTexts(): void;
}

export function titleOf(data: NowPlaying): string {
  const item = data.now_playing;
  if (!data.is_online) return t().offAir;
  if (!item) return t().nothingOnAir;
  if (item.programme?.title) return item.programme.title;
  return item.title || (item.source.kind === 'filler' ? t().filler : '');
}

/** The span the card shows: a music block's for its songs and station IDs (each airs within it), else the item's. */
function programmeSpan(item: NowPlaying['now_playing'] | null): { started_at: string; ends_at: string | null } | null {
  return item ? (item.block ?? item) : null;
}

/** Now and next with the progress of the current programme. Every line keeps its space, filled or not. */
export function createNowNext(timeZone: () => string): NowNext {
  const nowTitle = h('p', { class: 'now-title', 'aria-live': 'polite' });
  const nowHost = h('p', { class: 'now-host' });
  const nowSong = h('p', { class: 'now-song' });
  const nowTime = h('p', { class: 'now-time' });
  const fill = h('div', { class: 'progress-fill' });
  const progress = h(
    'div',
    { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0 },
    fill,
  );
  const remaining = h('p', { class: 'now-remaining' });
  const nextTitle = h('p', { class: 'next-title' });
  const nextMeta = h('p', { class: 'next-meta' });
  const root = h(
    'section',
    { class: 'now-next', 'aria-labelledby': 'now-heading' },
    h(
      'div',
      { class: 'now' },
      text('h2', 'onNow', { id: 'now-heading' }),
      nowTitle,
      nowHost,
      nowSong,
      nowTime,
      progress,
      remaining,
    ),
    h('div', { class: 'next' }, text('h2', 'upNext'), nextTitle, nextMeta),
  );
  let data: NowPlaying | null = null;

  const span = (start: string, end: string | null) => {
    const zone = timeZone();
    const from = formatTime(Date.parse(start), zone, locale());
    const label = zoneLabel(zone, locale(), Date.parse(start));
    return end ? `${from}–${formatTime(Date.parse(end), zone, locale())} ${label}` : `${from} ${label}`;
  };

  const nowNext: NowNext = {
    root,
    update(next) {
      data = next;
      nowNext.renderTexts();
    },
    tick(now) {
      const item = data?.is_online ? programmeSpan(data.now_playing) : null;
      const share = item
        ? progressAt(Date.parse(item.started_at), item.ends_at ? Date.parse(item.ends_at) : null, now)
        : 0;
      const percent = Math.round(share * 100);
      fill.style.transform = `scaleX(${share})`;
      if (progress.getAttribute('aria-valuenow') !== String(percent))
        progress.setAttribute('aria-valuenow', String(percent));
      const left = item?.ends_at ? Math.max(0, Math.floor((Date.parse(item.ends_at) - now) / 60000)) : null;
      setText(remaining, left === null ? '' : t().minutesLeft(left));
    },
    renderTexts() {
      progress.setAttribute('aria-label', t().programmeProgress);
      if (!data) {
        setText(nowTitle, t().loading);
        setText(nowHost, '');
        setText(nowSong, '');
        setText(nowTime, '');
        setText(nextTitle, '');
        setText(nextMeta, '');
        return;
      }
      setText(nowTitle, titleOf(data));
      const item = data.is_online ? data.now_playing : null;
      const host = item?.programme?.host;
      setText(
        nowHost,
        item?.stands_in_for ? t().standsInFor(item.stands_in_for.title) : host ? t().hostedBy(host) : '',
      );
      setText(nowSong, item?.song ? t().songOnAir(item.song.text) : '');
      const programme = programmeSpan(item);
      setText(nowTime, programme ? span(programme.started_at, programme.ends_at) : '');
      const next = data.is_online ? data.playing_next[0] : undefined;
      setText(nextTitle, next ? next.programme?.title || next.title : '—');
      setText(nextMeta, next ? span(next.starts_at, next.ends_at) : '');
      nowNext.tick(Date.now());
    },
  };
  nowNext.renderTexts();
  return nowNext;
}
