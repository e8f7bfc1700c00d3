import { en } from './en';
import { id } from './id';
import type { Language, Messages, TextKey } from './messages';

export type { Language, Messages, TextKey };

const MESSAGES: Record<Language, Messages> = { id, en };
/** Locale for Intl formatting: Indonesian formats times as 14.30, British English as 14:30. */
const LOCALES: Record<Language, string> = { id: 'id-ID', en: 'en-GB' };
const STORAGE_KEY = 'siaran.language';

function storedLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === 'en' || stored === 'id' ? stored : 'id';
  } catch {
    // Storage can be disabled (private mode, strict settings): fall back to the default.
    return 'id';
  }
}

let current: Language = storedLanguage();
const listeners = new Set<() => void>();

export function language(): Language {
  return current;
}

export function t(): Messages {
  return MESSAGES[current];
}

export function locale(): string {
  return LOCALES[current];
}

export function setLanguage(next: Language): void {
  if (next === current) return;
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered, but the switch still applies to this page.
  }
  document.documentElement.lang = next;
  applyTexts(document.body);
  for (const listener of listeners) listener();
}

export function onLanguageChange(listener: () => void): void {
  listeners.add(listener);
}

/** Fills every element marked `data-text="key"` (content) or `data-label="key"` (aria-label) under root. */
export function applyTexts(root: ParentNode): void {
  const messages = t();
  for (const element of root.querySelectorAll<HTMLElement>('[data-text]')) {
    element.textContent = messages[element.dataset.text as TextKey];
  }
  for (const element of root.querySelectorAll<HTMLElement>('[data-label]')) {
    element.setAttribute('aria-label', messages[element.dataset.label as TextKey]);
  }
}
