import { type Page } from 'playwright-core';

/** What the public player page shows and plays, read from the page. */
export interface PlayerSnapshot {
  currentTime: number;
  state: string | null;
  nowTitle: string | null;
  errors: Array<{ type: string; details: string; fatal: boolean }>;
  /** Discontinuity counters of the fragments played so far (hls.js FRAG_CHANGED). */
  playedCc: number[];
  reloaded: boolean;
}

// Page-side code is passed as text: the test project has no DOM types.
const SNAPSHOT = `(() => {
  const media = document.querySelector('video, audio');
  const player = window.__siaranPlayer;
  return {
    currentTime: media ? media.currentTime : 0,
    state: document.querySelector('[data-player-state]')?.getAttribute('data-player-state') ?? null,
    nowTitle: document.querySelector('.now-title')?.textContent ?? null,
    errors: player ? player.errors.map((e) => ({ type: e.type, details: e.details, fatal: e.fatal })) : [],
    playedCc: window.__playedCc ?? [],
    reloaded: window.__sameDocument !== true,
  };
})()`;

/** Starts counting the discontinuities of the fragments hls.js plays (read back by `snapshot`). */
export const WATCH_FRAGMENTS = `(() => {
  window.__sameDocument = true;
  window.__playedCc = [];
  window.__siaranPlayer.hls.on('hlsFragChanged', (_event, data) => window.__playedCc.push(data.frag.cc));
})()`;

export const snapshot = (page: Page) => page.evaluate<PlayerSnapshot>(SNAPSHOT);

/**
 * Waits for a page-side condition by evaluating it repeatedly: the page's Content-Security-Policy
 * forbids the eval that page.waitForFunction needs for a string condition.
 */
export async function waitForPage(page: Page, condition: string, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!(await page.evaluate<boolean>(`Boolean(${condition})`))) {
    if (Date.now() - started > timeoutMs) throw new Error(`${condition} not true within ${timeoutMs} ms`);
    await page.waitForTimeout(250);
  }
}

/** Starts playback as a resident would: autoplay, or the play button when the browser blocks it. */
export async function startPlayback(page: Page, kind: 'tv' | 'radio'): Promise<void> {
  await waitForPage(
    page,
    `['playing', 'blocked', 'paused'].includes(document.querySelector('[data-player-state]')?.getAttribute('data-player-state'))`,
    30000,
  );
  const state = (await snapshot(page)).state;
  if (state !== 'playing')
    await (kind === 'tv' ? page.getByRole('button', { name: 'Putar' }) : page.locator('.play-toggle')).click();
  await waitForPage(
    page,
    `document.querySelector('[data-player-state]')?.getAttribute('data-player-state') === 'playing'`,
    30000,
  );
}

/** Polls the page until `condition` holds for its snapshot, or throws `what` with the last one. */
export async function until(
  page: Page,
  condition: (s: PlayerSnapshot) => boolean,
  timeoutMs: number,
  what: string,
): Promise<PlayerSnapshot> {
  const started = Date.now();
  for (;;) {
    const current = await snapshot(page);
    if (condition(current)) return current;
    if (Date.now() - started > timeoutMs)
      throw new Error(`${what} within ${timeoutMs} ms; last state: ${JSON.stringify(current)}`);
    await page.waitForTimeout(500);
  }
}
