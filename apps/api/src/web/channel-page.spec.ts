import { channelPage, channelPagePath, SLUG_PATTERN } from './channel-page';

describe('channel pages', () => {
  it('serves a channel on the page of its kind', () => {
    expect(channelPage('tv', { slug: 'batik-tv', kind: 'tv' })).toEqual({ type: 'page', status: 200 });
    expect(channelPage('radio', { slug: 'radio-kota-batik', kind: 'radio' })).toEqual({ type: 'page', status: 200 });
  });

  it('sends the other kind of page to the right one', () => {
    expect(channelPage('radio', { slug: 'batik-tv', kind: 'tv' })).toEqual({
      type: 'redirect',
      location: '/watch/batik-tv',
    });
    expect(channelPage('tv', { slug: 'radio-kota-batik', kind: 'radio' })).toEqual({
      type: 'redirect',
      location: '/listen/radio-kota-batik',
    });
  });

  it('embeds a channel of either kind without redirecting', () => {
    expect(channelPage(null, { slug: 'batik-tv', kind: 'tv' })).toEqual({ type: 'page', status: 200 });
    expect(channelPage(null, { slug: 'radio-kota-batik', kind: 'radio' })).toEqual({ type: 'page', status: 200 });
    expect(channelPage(null, null)).toEqual({ type: 'page', status: 404 });
  });

  it('answers 404 for a channel that does not exist', () => {
    expect(channelPage('tv', null)).toEqual({ type: 'page', status: 404 });
  });

  it('escapes slugs in paths and refuses what cannot be a slug', () => {
    expect(channelPagePath({ slug: 'a b', kind: 'tv' })).toBe('/watch/a%20b');
    expect(['batik-tv', 'rsk_2', 'A1'].every((slug) => SLUG_PATTERN.test(slug))).toBe(true);
    expect(['', '-x', '../x', 'a b', 'a/b', 'x'.repeat(101)].some((slug) => SLUG_PATTERN.test(slug))).toBe(false);
  });
});
