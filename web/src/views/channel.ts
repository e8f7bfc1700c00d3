import {
  endpoints,
  getJson,
  HttpError,
  logoOf,
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

/**
 * /watch/:slug (TV) and /listen/:slug (radio): the player, now and next, the guide and the
 * station. /embed/:slug (kind null): the player and now and next alone, for a station's own site.
 */
export async function showChannel(main: HTMLElement, kind: ChannelKind | null, slug: string): Promise<void> {
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
  if (kind !== null && channel.kind !== kind) {
    location.replace(pagePath(channel));
    return;
  }
  mountChannel(main, channel, kind === null);
}

/** Who runs the channel and how to reach them, and the code that puts the player on their own site. */
function stationSection(channel: Channel): HTMLElement {
  const station = stationOf(channel);
  const website = station?.websiteUrl;
  const snippet = `<iframe src="${location.origin}${endpoints.embed(channel.slug)}" title="${channel.name.replace(/"/g, '&quot;')}" width="640" height="${channel.kind === 'tv' ? 560 : 300}" style="border:0" allow="autoplay; fullscreen" allowfullscreen></iframe>`;
  return h(
    'section',
    { class: 'station-info', 'aria-labelledby': 'station-heading' },
    h('h2', { id: 'station-heading' }, station?.name ?? ''),
    website
      ? h('p', {}, text('span', 'stationWebsite'), ' ', h('a', { href: website, rel: 'noopener' }, website))
      : null,
    station?.contact ? h('p', {}, text('span', 'stationContact'), ' ', station.contact) : null,
    h(
      'details',
      { class: 'embed-code' },
      text('summary', 'embedTitle'),
      text('p', 'embedText'),
      h('pre', {}, h('code', { class: 'embed-snippet' }, snippet)),
    ),
  );
}

function mountChannel(main: HTMLElement, channel: Channel, embedded: boolean): void {
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
  if (embedded) {
    document.body.classList.add('is-embedded');
    head.append(
      h(
        'a',
        { class: 'embed-open', href: pagePath(channel), target: '_blank', rel: 'noopener' },
        text('span', 'openFullPage'),
      ),
    );
  }
  const alertBanner = createAlertBanner();
  main.replaceChildren(
    h(
      'article',
      { class: `channel channel-${channel.kind}`, 'aria-labelledby': 'channel-title' },
      alertBanner.root,
      head,
      h('div', { class: 'channel-main' }, ui.root, nowNext.root),
      ...(embedded ? [] : [guide.root, stationSection(channel)]),
    ),
  );

  const renderTitle = () => (document.title = `${channel.name} · ${t().siteName}`);
  logo.set(logoOf(channel), t().logoOf(channel.name), channel.name);
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
      item?.song?.art ?? item?.programme?.artwork_url ?? latest.channel.logo_url ?? logoOf(channel),
    );
    ui.setSong(item?.song?.text ?? null);
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
      guide.setOnAir(data);
      renderProgramme();
      player.setOffline(!data.is_online);
    },
  });

  onLanguageChange(() => {
    renderTitle();
    logo.set(logoOf(channel), t().logoOf(channel.name), channel.name);
    nowNext.renderTexts();
    guide.renderTexts();
    alertBanner.renderTexts();
    ui.renderTexts();
    renderProgramme();
  });

  window.setInterval(() => {
    const now = Date.now();
    nowNext.tick(now);
    alertBanner.tick(now);
    const item = latest?.now_playing;
    if (item?.ends_at && now > Date.parse(item.ends_at) + LATE_UPDATE_MS && refreshedFor !== item.item_id) {
      refreshedFor = item.item_id;
      feed.refresh();
    }
  }, 1000);

  feed.start();
  if (!embedded) guide.load(channel.slug, timeZone);
  void player.start();
}
