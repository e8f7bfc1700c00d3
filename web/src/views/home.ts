import {
  endpoints,
  getJson,
  listOf,
  logoOf,
  pagePath,
  stationOf,
  type Channel,
  type NowPlaying,
  type Station,
} from '../api';
import { h, setText } from '../dom';
import { onLanguageChange, t } from '../i18n';
import { NowPlayingFeed } from '../now-playing-feed';
import { errorBox, imageBox, text } from './common';
import { titleOf } from './now-next';

interface StationGroup {
  id: string;
  name: string;
  channels: Channel[];
}

/** Stations in the order the API lists them, each with its channels; channels of unknown stations last. */
export function groupByStation(stations: Station[], channels: Channel[]): StationGroup[] {
  const groups = new Map<string, StationGroup>(
    stations.map((station) => [station.id, { id: station.id, name: station.name, channels: [] }]),
  );
  for (const channel of channels) {
    const station = stationOf(channel);
    const id = station?.id ?? '';
    if (!groups.has(id)) groups.set(id, { id, name: station?.name ?? '', channels: [] });
    groups.get(id)!.channels.push(channel);
  }
  return [...groups.values()].filter((group) => group.channels.length > 0);
}

interface Card {
  channel: Channel;
  element: HTMLElement;
  now: HTMLElement;
  data: NowPlaying | null;
}

/** `/`: every station with its channels and what each is airing now. */
export async function showHome(main: HTMLElement): Promise<void> {
  const heading = h(
    'header',
    { class: 'home-head' },
    text('h1', 'homeTitle'),
    text('p', 'homeIntro', { class: 'lead' }),
  );
  const content = h(
    'div',
    { class: 'home-content', 'aria-busy': 'true' },
    text('p', 'loading', { class: 'placeholder' }),
  );
  main.replaceChildren(heading, content);
  document.title = t().siteName;

  let stations: Station[];
  let channels: Channel[];
  try {
    const [stationsBody, channelsBody] = await Promise.all([
      getJson<unknown>(endpoints.stations).catch(() => []),
      getJson<unknown>(endpoints.channels),
    ]);
    stations = listOf<Station>(stationsBody, 'stations');
    channels = listOf<Channel>(channelsBody, 'channels');
  } catch {
    content.replaceChildren(errorBox(() => void showHome(main)));
    content.setAttribute('aria-busy', 'false');
    return;
  }
  content.setAttribute('aria-busy', 'false');
  const groups = groupByStation(stations, channels);
  if (groups.length === 0) {
    content.replaceChildren(text('p', 'noChannels', { class: 'placeholder' }));
    return;
  }

  const cards = new Map<string, Card>();
  const renderCard = (card: Card) => {
    const data = card.data;
    setText(card.now, data ? titleOf(data) : '—');
    card.element.classList.toggle('is-offline', data !== null && !data.is_online);
  };
  content.replaceChildren(
    ...groups.map((group, index) =>
      h(
        'section',
        { class: 'station', 'aria-labelledby': `station-${index}` },
        h('h2', { id: `station-${index}` }, group.name),
        h(
          'ul',
          { class: 'channel-grid' },
          ...group.channels.map((channel) => {
            const logo = imageBox('card-logo');
            logo.set(logoOf(channel), '', channel.name);
            const now = h('span', { class: 'card-now-title' }, '—');
            const element = h(
              'a',
              { class: 'channel-card', href: pagePath(channel), 'data-channel': channel.slug },
              logo.root,
              h(
                'span',
                { class: 'card-text' },
                h('span', { class: 'card-name' }, channel.name),
                h(
                  'span',
                  { class: 'card-kind' },
                  text('span', channel.kind === 'tv' ? 'kindTv' : 'kindRadio', { class: 'badge' }),
                  ' ',
                  text('span', channel.kind === 'tv' ? 'watch' : 'listen', { class: 'card-action' }),
                ),
                h('span', { class: 'card-now' }, text('span', 'onNow', { class: 'card-now-label' }), ' ', now),
              ),
            );
            cards.set(channel.slug, { channel, element, now, data: null });
            return h('li', {}, element);
          }),
        ),
      ),
    ),
  );

  const feed = new NowPlayingFeed({
    eventsUrl: endpoints.allNowPlayingEvents,
    pollUrls: () => [...cards.keys()].map((slug) => endpoints.nowPlaying(slug)),
    onData: (data) => {
      const card = cards.get(data.channel.slug);
      if (!card) return;
      card.data = data;
      renderCard(card);
    },
  });
  onLanguageChange(() => {
    document.title = t().siteName;
    for (const card of cards.values()) renderCard(card);
  });
  feed.start();
}
