import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { en } from './en';
import { id } from './id';

describe('messages', () => {
  it('has the same keys and kinds in both languages, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
    for (const key of Object.keys(id) as Array<keyof typeof id>) {
      expect(typeof en[key]).toBe(typeof id[key]);
      if (typeof id[key] === 'string')
        expect([key, (id[key] as string).trim().length > 0, (en[key] as string).trim().length > 0]).toEqual([
          key,
          true,
          true,
        ]);
    }
  });

  it('translates: only the site name reads the same in both', () => {
    const same = (Object.keys(id) as Array<keyof typeof id>).filter(
      (key) => typeof id[key] === 'string' && id[key] === en[key],
    );
    expect(same.sort()).toEqual(['kindRadio', 'kindTv', 'siteName', 'volume'].sort());
  });

  it('has every key the HTML page names, and the page starts in Indonesian', () => {
    const html = readFileSync(join(__dirname, '../../index.html'), 'utf8');
    const keys = [...html.matchAll(/data-(?:text|label)="([^"]+)"/g)].map((match) => match[1]);
    expect(keys.length).toBeGreaterThan(5);
    for (const key of keys) expect(Object.keys(id)).toContain(key);
    for (const match of html.matchAll(/data-text="([^"]+)"[^>]*>([^<]*)</g))
      expect([match[1], match[2]]).toEqual([match[1], id[match[1] as keyof typeof id]]);
    expect(html).toContain('<html lang="id">');
  });

  it('words time left naturally', () => {
    expect([0, 1, 25].map(id.minutesLeft)).toEqual(['kurang dari 1 menit lagi', '1 menit lagi', '25 menit lagi']);
    expect([0, 1, 25].map(en.minutesLeft)).toEqual(['less than a minute left', '1 minute left', '25 minutes left']);
  });
});
