import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type ConsoleMessage, type Page } from 'playwright-core';
import { ROOT } from './processes';

/** Debian's chromium (`apt-get install chromium`); .ci/run installs it. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test-artifacts');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  /** A new tab whose console errors and uncaught exceptions are collected. */
  open(): Promise<TestPage>;
  close(): Promise<void>;
}

export interface TestPage {
  page: Page;
  /** Console messages of type error, and uncaught exceptions, in order. */
  errors: Array<{ text: string; url: string }>;
  screenshot(name: string): Promise<string>;
}

/** A real headless Chromium on a fresh profile, driven by playwright-core (no downloaded browsers). */
export async function launchBrowser(
  options: { locale?: string; viewport?: { width: number; height: number } } = {},
): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'siaran-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    locale: options.locale ?? 'id-ID',
    timezoneId: 'Asia/Jakarta',
    viewport: options.viewport ?? { width: 1280, height: 800 },
  });
  return {
    context,
    open: async () => {
      const page = await context.newPage();
      const errors: TestPage['errors'] = [];
      page.on('console', (message: ConsoleMessage) => {
        if (message.type() === 'error') errors.push({ text: message.text(), url: message.location().url });
      });
      page.on('pageerror', (error) => errors.push({ text: `uncaught: ${error.message}`, url: page.url() }));
      return {
        page,
        errors,
        screenshot: async (name) => {
          mkdirSync(ARTIFACTS, { recursive: true });
          const path = join(ARTIFACTS, `${name}.png`);
          await page.screenshot({ path, fullPage: true });
          return path;
        },
      };
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
