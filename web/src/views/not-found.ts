import { h } from '../dom';
import { onLanguageChange, t } from '../i18n';
import { text } from './common';

/** The 404 state: the server has already answered this page with HTTP 404. */
export function showNotFound(main: HTMLElement, what: 'channel' | 'page'): void {
  const titleKey = what === 'channel' ? 'notFoundTitle' : 'pageNotFoundTitle';
  const renderTitle = () => (document.title = `${t()[titleKey]} · ${t().siteName}`);
  renderTitle();
  onLanguageChange(renderTitle);
  main.replaceChildren(
    h(
      'section',
      { class: 'not-found', 'data-state': 'not-found' },
      h('p', { class: 'not-found-code', 'aria-hidden': 'true' }, '404'),
      text('h1', titleKey),
      text('p', 'notFoundText'),
      h('p', {}, text('a', 'backHome', { href: '/', class: 'button' })),
    ),
  );
}
