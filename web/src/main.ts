import './styles.css';
import { endpoints } from './api';
import { applyTexts, language, setLanguage } from './i18n';
import { showChannel } from './views/channel';
import { showHome } from './views/home';
import { showNotFound } from './views/not-found';

const CHANNEL_PAGE = /^\/(watch|listen|embed)\/([^/]+)\/?$/;
const KINDS = { watch: 'tv', listen: 'radio', embed: null } as const;

function boot(): void {
  document.documentElement.lang = language();
  applyTexts(document.body);
  document.querySelector<HTMLAnchorElement>('#m3u-link')!.href = endpoints.m3u;
  document.querySelector<HTMLAnchorElement>('#epg-link')!.href = endpoints.epg;
  const languageSwitch = document.querySelector<HTMLButtonElement>('#language-switch')!;
  // The switch names the other language in that language.
  const other = () => (language() === 'id' ? 'en' : 'id');
  languageSwitch.lang = other();
  languageSwitch.addEventListener('click', () => {
    setLanguage(other());
    languageSwitch.lang = other();
  });

  const main = document.querySelector<HTMLElement>('#main')!;
  const channelPage = CHANNEL_PAGE.exec(location.pathname);
  if (location.pathname === '/') void showHome(main);
  else if (channelPage)
    void showChannel(main, KINDS[channelPage[1] as keyof typeof KINDS], decodeURIComponent(channelPage[2]));
  else showNotFound(main, 'page');
}

boot();
