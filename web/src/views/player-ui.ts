import { h, setText } from '../dom';
import { t, type TextKey } from '../i18n';
import type { PlayerState, QualityInfo, StreamPlayer } from '../player';
import { imageBox, text } from './common';

const STATE_MESSAGES: Record<PlayerState, TextKey | null> = {
  loading: 'playerLoading',
  buffering: 'playerBuffering',
  recovering: 'playerRecovering',
  offline: 'playerOffline',
  failed: 'playerFailed',
  unsupported: 'playerUnsupported',
  blocked: 'playerBlocked',
  playing: null,
  paused: null,
};

const PLAY_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M8 5v14l11-7z"/></svg>';
const PAUSE_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 5h4v14H6zM14 5h4v14h-4z"/></svg>';

export interface PlayerUi {
  root: HTMLElement;
  media: HTMLMediaElement;
  bind(player: StreamPlayer): void;
  setState(state: PlayerState): void;
  setQuality(quality: QualityInfo): void;
  /** Radio: the programme on air, shown beside the controls. */
  setProgramme(title: string, host: string | null, artworkUrl: string | null): void;
  /** Radio: the song on air ("artist - title"), or null between songs. */
  setSong(text: string | null): void;
  setChannelName(name: string): void;
  renderTexts(): void;
}

/** The status line (a live region) and the retry button shared by both players. */
function statusParts() {
  const status = h('p', { class: 'player-status', role: 'status', 'aria-live': 'polite' });
  const retry = text('button', 'retry', { type: 'button', class: 'button player-retry', hidden: 'true' });
  let state: PlayerState = 'loading';
  const render = () => {
    const key = STATE_MESSAGES[state];
    setText(status, key ? t()[key] : '');
    retry.hidden = state !== 'failed';
  };
  return {
    status,
    retry,
    setState(next: PlayerState) {
      state = next;
      render();
    },
    render,
  };
}

function levelName(height: number, bitrate: number, duplicate: boolean): string {
  const name = height ? `${height}p` : `${Math.round(bitrate / 1000)} kbit/s`;
  return duplicate && height ? `${name} (${Math.round(bitrate / 1000)} kbit/s)` : name;
}

export function createTvPlayerUi(): PlayerUi {
  const video = h('video', { class: 'video', controls: true, playsinline: true, preload: 'none' });
  const parts = statusParts();
  const play = h('button', { type: 'button', class: 'overlay-play', hidden: true });
  play.innerHTML = PLAY_ICON;
  const overlay = h(
    'div',
    { class: 'player-overlay' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }),
    play,
    parts.status,
    parts.retry,
  );
  const frame = h('div', { class: 'video-frame' }, video, overlay);
  const qualitySelect = h('select', { class: 'quality-select', id: 'quality-select' });
  const qualityLabel = text('label', 'quality', { for: 'quality-select' });
  // Kept in the layout while empty (visibility only), so the bar does not grow when levels arrive.
  const quality = h('div', { class: 'quality is-unavailable' }, qualityLabel, qualitySelect);
  const fullscreen = text('button', 'fullscreen', { type: 'button', class: 'button button-quiet fullscreen' });
  const root = h(
    'div',
    { class: 'player player-tv', 'data-player-state': 'loading' },
    frame,
    h('div', { class: 'player-bar' }, quality, fullscreen),
  );
  let channelName = '';
  let qualityInfo: QualityInfo | null = null;

  const videoFullscreen = video as HTMLVideoElement & { webkitEnterFullscreen?: () => void };
  if (!frame.requestFullscreen && !videoFullscreen.webkitEnterFullscreen) fullscreen.hidden = true;
  fullscreen.addEventListener('click', () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else if (frame.requestFullscreen) void frame.requestFullscreen();
    else videoFullscreen.webkitEnterFullscreen?.();
  });

  const renderQuality = () => {
    if (!qualityInfo || qualityInfo.levels.length < 2) {
      quality.classList.add('is-unavailable');
      qualitySelect.disabled = true;
      return;
    }
    const { levels, selected, playing } = qualityInfo;
    const heights = levels.map((level) => level.height);
    const names = new Map(
      levels.map((level) => [
        level.index,
        levelName(level.height, level.bitrate, heights.filter((x) => x === level.height).length > 1),
      ]),
    );
    const playingName = names.get(playing);
    const options = [
      h('option', { value: '-1' }, playingName ? t().qualityAutoCurrent(playingName) : t().qualityAuto),
      ...[...levels]
        .sort((a, b) => b.height - a.height || b.bitrate - a.bitrate)
        .map((level) => h('option', { value: String(level.index) }, names.get(level.index) ?? '')),
    ];
    qualitySelect.replaceChildren(...options);
    qualitySelect.value = String(selected);
    qualitySelect.disabled = false;
    quality.classList.remove('is-unavailable');
  };

  const ui: PlayerUi = {
    root,
    media: video,
    bind(player) {
      play.addEventListener('click', () => player.play());
      parts.retry.addEventListener('click', () => player.restartNow());
      qualitySelect.addEventListener('change', () => player.setQuality(Number(qualitySelect.value)));
    },
    setState(state) {
      root.dataset.playerState = state;
      play.hidden = state !== 'blocked';
      parts.setState(state);
    },
    setQuality(info) {
      qualityInfo = info;
      renderQuality();
    },
    setProgramme() {
      // The video shows the programme itself.
    },
    setSong() {
      // The video shows the programme itself.
    },
    setChannelName(name) {
      channelName = name;
      ui.renderTexts();
    },
    renderTexts() {
      video.setAttribute('aria-label', t().videoLabel(channelName));
      play.setAttribute('aria-label', t().play);
      parts.render();
      renderQuality();
    },
  };
  ui.renderTexts();
  return ui;
}

export function createRadioPlayerUi(): PlayerUi {
  const audio = h('audio', { preload: 'none' });
  const artwork = imageBox('radio-artwork');
  const title = h('p', { class: 'radio-title' });
  const host = h('p', { class: 'radio-host' });
  const song = h('p', { class: 'radio-song', 'aria-live': 'polite' });
  const toggle = h('button', { type: 'button', class: 'button play-toggle' });
  const mute = text('button', 'mute', {
    type: 'button',
    class: 'button button-quiet mute-toggle',
    'aria-pressed': 'false',
  });
  const volumeInput = h('input', {
    type: 'range',
    id: 'volume',
    min: 0,
    max: 100,
    step: 5,
    value: 100,
    class: 'volume-input',
  });
  const volume = h('div', { class: 'volume' }, text('label', 'volume', { for: 'volume' }), volumeInput);
  const parts = statusParts();
  const root = h(
    'div',
    { class: 'player player-radio', 'data-player-state': 'loading' },
    artwork.root,
    h(
      'div',
      { class: 'radio-body' },
      title,
      host,
      song,
      h('div', { class: 'radio-controls' }, toggle, mute, volume),
      parts.status,
      parts.retry,
    ),
    audio,
  );
  let channelName = '';
  let programme = { title: '', host: null as string | null, artworkUrl: null as string | null };
  let songText: string | null = null;

  let state: PlayerState = 'loading';
  const renderToggle = () => {
    // Offline, failed or waiting for a gesture, nothing plays even if the element is not paused.
    const playing =
      !audio.paused && (state === 'playing' || state === 'buffering' || state === 'loading' || state === 'recovering');
    const label = playing ? t().pause : t().play;
    toggle.dataset.playing = String(playing);
    toggle.innerHTML = `${playing ? PAUSE_ICON : PLAY_ICON}<span></span>`;
    toggle.querySelector('span')!.textContent = label;
  };
  audio.addEventListener('play', renderToggle);
  audio.addEventListener('pause', renderToggle);
  volumeInput.addEventListener('input', () => {
    audio.volume = Number(volumeInput.value) / 100;
    if (audio.muted && audio.volume > 0) audio.muted = false;
  });
  audio.addEventListener('volumechange', () => {
    mute.setAttribute('aria-pressed', String(audio.muted));
    mute.dataset.text = audio.muted ? 'unmute' : 'mute';
    setText(mute, audio.muted ? t().unmute : t().mute);
  });
  mute.addEventListener('click', () => (audio.muted = !audio.muted));

  const ui: PlayerUi = {
    root,
    media: audio,
    bind(player) {
      toggle.addEventListener('click', () => (toggle.dataset.playing === 'true' ? player.pause() : player.play()));
      parts.retry.addEventListener('click', () => player.restartNow());
    },
    setState(next) {
      state = next;
      root.dataset.playerState = next;
      parts.setState(next);
      renderToggle();
    },
    setQuality() {
      // Radio variants differ only in bitrate: hls.js chooses.
    },
    setProgramme(nextTitle, nextHost, artworkUrl) {
      programme = { title: nextTitle, host: nextHost, artworkUrl };
      ui.renderTexts();
    },
    setSong(text) {
      songText = text;
      ui.renderTexts();
    },
    setChannelName(name) {
      channelName = name;
      ui.renderTexts();
    },
    renderTexts() {
      audio.setAttribute('aria-label', t().audioLabel(channelName));
      setText(title, programme.title || channelName);
      setText(host, programme.host ? t().hostedBy(programme.host) : '');
      setText(song, songText ? t().songOnAir(songText) : '');
      artwork.set(programme.artworkUrl, t().artworkOf(programme.title || channelName), channelName);
      parts.render();
      renderToggle();
    },
  };
  ui.renderTexts();
  return ui;
}
