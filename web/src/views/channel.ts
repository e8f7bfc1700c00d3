import {
  endpoints,
  getJson,
  HttpError,
  pagePath,
  stationOf,
  type Channel,
  type ChannelKind,
  type NowPlaying,
} from '../api';
import { h } from '../dom';
import { onLanguageChange, t } from '../i18n';
import { NowPlayingFeed } from '../now-playing-feed';
import { StreamPlayer } from '../player';
import { createAlertBanner } from './alert-banner';
import { errorBox, imageBox, text } from './common';
import { createGuide } from './guide';
import { showNotFound } from './not-found';
import { createNowNext, titleOf } from './now-next';
import { createRadioPlayerUi, createTvPlayerUi } from './player-ui';

/** A programme that should have ended this long ago without an update gets the JSON read once. */
const LATE_UPDATE_MS = 5000;

/** /watch/:slug (TV) and /listen/:slug (radio): the player, now and next, and the guide. */
export async function showChannel(main: HTMLElement, kind: ChannelKind, slug: string): Promise<void> {
  // Fetch the player code while the channel is looked up.
  void import('hls.js');
  let channel: Channel;
  try {
    channel = await getJson<Channel>(endpoints.channel(slug));
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) showNotFound(main, 'channel');
    else main.replaceChildren(errorBox(() => location.reload()));
    return;
  }
  if (channel.kind !== kind) {
    location.replace(pagePath(channel));
    return;
  }
  mountChannel(main, channel);
}

function mountChannel(main: HTMLElement, channel: Channel): void {
  const logo = imageBox('channel-logo');
  const kindBadge = text('span', channel.kind === 'tv' ? 'kindTv' : 'kindRadio', { class: 'badge' });
  const liveBadge = text('span', 'live', { class: 'badge badge-live', hidden: 'true' });
  const station = h('p', { class: 'station-name' }, stationOf(channel)?.name ?? '');
  const head = h(
    'header',
    { class: 'channel-head' },
    logo.root,
    h('div', { class: 'channel-names' }, station, h('h1', { id: 'channel-title' }, channel.name)),
    h('div', { class: 'badges' }, kindBadge, liveBadge),
  );
  const ui = channel.kind === 'tv' ? createTvPlayerUi() : createRadioPlayerUi();
  let timeZone = channel.timezone || 'Asia/Jakarta';
  const nowNext = createNowNext(() => timeZone);
  const guide = createGuide();
  const alertBanner = createAlertBanner();
  main.replaceChildren(
    h(
      'article',
      { class: `channel channel-${channel.kind}`, 'aria-labelledby': 'channel-title' },
      alertBanner.root,
      head,
      h('div', { class: 'channel-main' }, ui.root, nowNext.root),
      guide.root,
    ),
  );

  const renderTitle = () => (document.title = `${channel.name} · ${t().siteName}`);
  logo.set(channel.logo, t().logoOf(channel.name), channel.name);
  ui.setChannelName(channel.name);
  renderTitle();

  const player = new StreamPlayer({
    media: ui.media,
    src: endpoints.liveStream(channel.slug),
    autoplay: true,
    onState: (state) => ui.setState(state),
    onQuality: (quality) => ui.setQuality(quality),
  });
  ui.bind(player);

  let latest: NowPlaying | null = null;
  let refreshedFor: string | null = null;
  const renderProgramme = () => {
    if (!latest) return;
    const item = latest.is_online ? latest.now_playing : null;
    ui.setProgramme(
      titleOf(latest),
      item?.programme?.host ?? null,
      item?.programme?.artwork_url ?? latest.channel.logo_url ?? channel.logo,
    );
  };
  const feed = new NowPlayingFeed({
    eventsUrl: endpoints.nowPlayingEvents(channel.slug),
    pollUrls: () => [endpoints.nowPlaying(channel.slug)],
    onData: (data) => {
      if (data.channel.slug !== channel.slug) return;
      latest = data;
      timeZone = data.channel.timezone || timeZone;
      liveBadge.hidden = !data.live.is_live;
      alertBanner.update(data.alert);
      nowNext.update(data);
      renderProgramme();
      player.setOffline(!data.is_online);
    },
  });

  onLanguageChange(() => {
    renderTitle();
    logo.set(channel.logo, t().logoOf(channel.name), channel.name);
    nowNext.renderTexts();
    guide.renderTexts();
    alertBanner.renderTexts();
    ui.renderTexts();
    renderProgramme();
  });

  window.setInterval(() => {
    const now = Date.now();
    nowNext.tick(now);
    guide.tick(now);
    alertBanner.tick(now);
    const item = latest?.now_playing;
    if (item?.ends_at && now > Date.parse(item.ends_at) + LATE_UPDATE_MS && refreshedFor !== item.item_id) {
      refreshedFor = item.item_id;
      feed.refresh();
    }
  }, 1000);

  feed.start();
  guide.load(channel.slug, timeZone);
  void player.start();
}
