import type { Channel, Station } from '../api';
import { groupByStation } from './home';

const channel = (slug: string, station: Channel['station']): Channel => ({
  id: slug,
  slug,
  name: slug,
  kind: slug.includes('tv') ? 'tv' : 'radio',
  logoUrl: null,
  description: null,
  timezone: 'Asia/Jakarta',
  language: 'id',
  station,
});

describe('groupByStation', () => {
  const pekalongan: Station = { id: 's1', name: 'Pemerintah Kota Pekalongan' };
  const kudus: Station = { id: 's2', name: 'Pemerintah Kabupaten Kudus' };

  it('keeps the stations in the order the API gives, each with its channels, and leaves out empty stations', () => {
    const groups = groupByStation(
      [kudus, pekalongan, { id: 's3', name: 'Belum ada saluran' }],
      [
        channel('batik-tv', { id: 's1', name: pekalongan.name }),
        channel('radio-suara-kudus', 's2'),
        channel('radio-kota-batik', { id: 's1', name: pekalongan.name }),
      ],
    );
    expect(groups.map((group) => [group.name, group.channels.map((c) => c.slug)])).toEqual([
      ['Pemerintah Kabupaten Kudus', ['radio-suara-kudus']],
      ['Pemerintah Kota Pekalongan', ['batik-tv', 'radio-kota-batik']],
    ]);
  });

  it('groups channels of stations the list does not have (stations unavailable) by their own station', () => {
    const groups = groupByStation(
      [],
      [channel('batik-tv', { id: 's1', name: pekalongan.name }), channel('lone-radio', null)],
    );
    expect(groups.map((group) => [group.name, group.channels.map((c) => c.slug)])).toEqual([
      ['Pemerintah Kota Pekalongan', ['batik-tv']],
      ['', ['lone-radio']],
    ]);
  });
});
