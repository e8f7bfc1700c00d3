import { h } from '../dom';
import { t, type TextKey } from '../i18n';

/** A text element filled from the messages now and on every language switch (see applyTexts). */
export function text<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  key: TextKey,
  attributes: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  return h(tag, { ...attributes, 'data-text': key }, t()[key]);
}

/** Up to two initials, shown where a channel or programme has no image. */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter((word) => /^[\p{L}\p{N}]/u.test(word))
    .slice(0, 2)
    .map((word) => word[0].toUpperCase())
    .join('');
}

/** An image box of fixed size that shows initials when there is no image or it fails to load. */
export function imageBox(className: string): {
  root: HTMLElement;
  set: (url: string | null, label: string, fallbackName: string) => void;
} {
  const image = h('img', { class: 'image-box-img', alt: '', decoding: 'async', hidden: true });
  const fallback = h('span', { class: 'image-box-fallback', 'aria-hidden': 'true' });
  const root = h('div', { class: `image-box ${className}` }, image, fallback);
  let currentUrl: string | null = null;
  image.addEventListener('error', () => {
    image.hidden = true;
    fallback.hidden = false;
  });
  image.addEventListener('load', () => {
    image.hidden = false;
    fallback.hidden = true;
  });
  return {
    root,
    set(url, label, fallbackName) {
      image.alt = label;
      fallback.textContent = initials(fallbackName);
      if (url === currentUrl) return;
      currentUrl = url;
      if (url) {
        image.src = url;
      } else {
        image.removeAttribute('src');
        image.hidden = true;
        fallback.hidden = false;
      }
    },
  };
}

export function errorBox(onRetry: () => void): HTMLElement {
  const retry = text('button', 'retry', { type: 'button', class: 'button' });
  retry.addEventListener('click', onRetry);
  return h('div', { class: 'error-box', role: 'alert' }, text('p', 'loadFailed'), retry);
}
