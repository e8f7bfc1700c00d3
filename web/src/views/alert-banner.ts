import type { NowPlayingAlert } from '../api';
import { h, setText } from '../dom';
import { language, t } from '../i18n';

/**
 * The emergency warning over the channel page: announced at once by screen readers
 * (role=alert), in the reader's language when the override has an English message, and gone
 * when the override ends or expires.
 */
export function createAlertBanner(): {
  root: HTMLElement;
  update(alert: NowPlayingAlert | null | undefined): void;
  tick(now: number): void;
  renderTexts(): void;
} {
  const heading = h('strong', { class: 'alert-heading' });
  const message = h('p', { class: 'alert-message' });
  const root = h(
    'section',
    { class: 'alert-banner', role: 'alert', 'aria-live': 'assertive', hidden: true },
    heading,
    message,
  );
  let current: NowPlayingAlert | null = null;

  const render = () => {
    root.hidden = current === null;
    if (!current) return;
    root.dataset.severity = current.severity;
    setText(heading, `${t().alertHeading} · ${t().alertSeverity(current.severity)}`);
    setText(message, language() === 'en' && current.message.en ? current.message.en : current.message.id);
  };

  return {
    root,
    update(alert) {
      current = alert ?? null;
      render();
    },
    tick(now) {
      if (current && now >= Date.parse(current.expires_at)) {
        current = null;
        render();
      }
    },
    renderTexts: render,
  };
}
