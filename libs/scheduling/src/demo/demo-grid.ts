import { type ChannelKind } from '../catalog/entities';

/**
 * Demo data: two LPPL stations, three channels, a weekly grid in Bahasa Indonesia. Monday to
 * Thursday, 15:00–16:00 and an evening hour (19:00 on radio, 20:00 on TV) are left free, so a
 * producer's first show has somewhere to go (`DEMO_FREE_HOURS`).
 */
export interface DemoProgramme {
  key: string;
  title: string;
  description: string;
  host: string | null;
  category: string;
}

/** `days` as BYDAY weekdays; a block may cross midnight. */
export interface DemoBlock {
  days: string;
  start: string;
  minutes: number;
  programme: string;
}

export interface DemoChannel {
  slug: string;
  name: string;
  kind: ChannelKind;
  description: string;
  grid: DemoBlock[];
}

export interface DemoStation {
  slug: string;
  name: string;
  description: string;
  programmes: DemoProgramme[];
  channels: DemoChannel[];
}

const WEEKDAYS = 'MO,TU,WE,TH';
const WORKDAYS = 'MO,TU,WE,TH,FR';
const ALL = 'MO,TU,WE,TH,FR,SA,SU';
const WEEKEND = 'SA,SU';

const p = (
  key: string,
  title: string,
  category: string,
  description: string,
  host: string | null = null,
): DemoProgramme => ({ key, title, category, description, host });
const b = (days: string, start: string, minutes: number, programme: string): DemoBlock => ({
  days,
  start,
  minutes,
  programme,
});

/** The hours each demo channel leaves free from Monday to Thursday (wall-clock start, one hour each). */
export const DEMO_FREE_HOURS: Readonly<Record<string, readonly string[]>> = {
  'batik-tv': ['15:00', '20:00'],
  rkb: ['15:00', '19:00'],
  'suara-kudus': ['15:00', '19:00'],
};

export const DEMO_STATIONS: DemoStation[] = [
  {
    slug: 'lppl-kota-pekalongan',
    name: 'LPPL Kota Pekalongan',
    description: 'Lembaga Penyiaran Publik Lokal Kota Pekalongan: Batik TV dan Radio Kota Batik.',
    programmes: [
      p(
        'kuliah-subuh',
        'Kuliah Subuh',
        'Religi',
        'Kajian agama selepas salat Subuh bersama para ulama Kota Pekalongan.',
        'KH. Ahmad Fauzi',
      ),
      p(
        'kabar-pagi',
        'Kabar Pekalongan Pagi',
        'Berita',
        'Berita pagi seputar Kota Pekalongan dan Jawa Tengah.',
        'Dewi Lestari',
      ),
      p(
        'sapa-pagi',
        'Sapa Pagi Kota Batik',
        'Magazin',
        'Obrolan pagi: cuaca, lalu lintas Pantura, agenda kota dan tamu inspiratif.',
        'Rizky Pratama',
      ),
      p(
        'layanan-publik',
        'Info Layanan Publik',
        'Informasi',
        'Informasi pelayanan Pemerintah Kota: kependudukan, kesehatan, perizinan.',
      ),
      p(
        'batik-nusantara',
        'Batik Nusantara',
        'Budaya',
        'Dokumenter tentang perajin, motif dan sejarah batik Pekalongan.',
      ),
      p(
        'kesehatan',
        'Keluarga Sehat',
        'Kesehatan',
        'Dokter puskesmas menjawab pertanyaan pemirsa tentang kesehatan keluarga.',
        'dr. Siti Nurhaliza',
      ),
      p('kabar-siang', 'Kabar Pekalongan Siang', 'Berita', 'Berita siang dari Kota Batik.', 'Bayu Saputra'),
      p('sinema-siang', 'Sinema Siang', 'Film', 'Film Indonesia pilihan untuk siang hari.'),
      p('dunia-anak', 'Dunia Anak Ceria', 'Anak', 'Lagu, dongeng dan permainan edukatif untuk anak-anak.', 'Kak Nisa'),
      p('pesona', 'Pesona Pekalongan', 'Wisata', 'Jelajah wisata, kuliner dan kampung batik Kota Pekalongan.'),
      p('olahraga', 'Olahraga Kita', 'Olahraga', 'Liputan olahraga daerah: sepak bola, bulu tangkis dan pencak silat.'),
      p('kabar-malam', 'Kabar Pekalongan Malam', 'Berita', 'Rangkuman berita hari ini.', 'Dewi Lestari'),
      p('umkm', 'Jendela UMKM', 'Ekonomi', 'Kisah pelaku usaha kecil dan menengah Kota Pekalongan.'),
      p(
        'dialog-walikota',
        'Dialog Bersama Wali Kota',
        'Dialog',
        'Wali Kota Pekalongan menjawab langsung pertanyaan warga.',
        'Rizky Pratama',
      ),
      p('suara-warga', 'Suara Warga', 'Dialog', 'Warga menyampaikan aspirasi dan keluhan layanan publik.'),
      p('kajian', 'Kajian Islam', 'Religi', 'Kajian tafsir dan fikih sehari-hari.', 'Ustaz Hasan Basri'),
      p(
        'mimbar-jumat',
        'Mimbar Jumat',
        'Religi',
        'Siaran langsung khutbah dan salat Jumat dari Masjid Agung Al-Jami Pekalongan.',
      ),
      p('seni-budaya', 'Gelar Seni Budaya', 'Budaya', 'Pertunjukan seni tradisi: wayang, tari, dan musik daerah.'),
      p('film', 'Film Pilihan', 'Film', 'Film layar lebar pilihan malam ini.'),
      p('tayangan-ulang', 'Batik TV Malam: Tayangan Ulang', 'Hiburan', 'Tayangan ulang program pilihan hari ini.'),
      p('senam', 'Senam Sehat Bersama', 'Olahraga', 'Senam pagi bersama warga di Lapangan Jetayu.'),
      p('sinema-pekan', 'Sinema Akhir Pekan', 'Film', 'Film keluarga untuk akhir pekan.'),
      p('panggung-dangdut', 'Panggung Dangdut', 'Musik', 'Penampilan orkes dangdut lokal dari panggung rakyat.'),
      p('renungan', 'Renungan Subuh', 'Religi', 'Doa, selawat dan renungan menjelang pagi.'),
      p('kabar-radio', 'Kabar Kota Batik', 'Berita', 'Berita terkini Kota Pekalongan di radio.', 'Agus Salim'),
      p(
        'sapa-rkb',
        'Sapa Pagi RKB',
        'Magazin',
        'Teman sarapan: info lalu lintas, cuaca dan lagu pilihan.',
        'Mbak Ratna',
      ),
      p(
        'dialog-interaktif',
        'Dialog Interaktif',
        'Dialog',
        'Narasumber dinas menjawab pertanyaan pendengar lewat telepon.',
      ),
      p(
        'dangdut-rkb',
        'Dangdut Kota Batik',
        'Musik',
        'Jam dangdut dengan salam dan permintaan lagu pendengar.',
        'Mas Yoga',
      ),
      p('tembang-kenangan', 'Tembang Kenangan', 'Musik', 'Lagu-lagu Indonesia tempo dulu.'),
      p('dongeng', 'Dongeng Anak', 'Anak', 'Dongeng dan cerita rakyat Nusantara untuk anak-anak.', 'Kak Nisa'),
      p('pantura', 'Jalur Pantura', 'Informasi', 'Kabar lalu lintas jalur Pantura dan lagu-lagu sore.'),
      p('keroncong', 'Jam Keroncong', 'Musik', 'Satu jam keroncong dan langgam Jawa.', 'Pak Harjo'),
      p('dangdut-malam', 'Dangdut Malam', 'Musik', 'Dangdut klasik menemani malam.'),
      p('teman-malam', 'Teman Malam', 'Musik', 'Lagu-lagu lembut menemani malam hingga menjelang subuh.'),
    ],
    channels: [
      {
        slug: 'batik-tv',
        name: 'Batik TV',
        kind: 'tv',
        description: 'Televisi publik Kota Pekalongan.',
        grid: [
          b(ALL, '05:00', 60, 'kuliah-subuh'),
          b(ALL, '06:00', 60, 'kabar-pagi'),
          b(WORKDAYS, '07:00', 120, 'sapa-pagi'),
          b(WORKDAYS, '09:00', 60, 'layanan-publik'),
          b(WORKDAYS, '10:00', 60, 'batik-nusantara'),
          b(WEEKDAYS, '11:00', 60, 'kesehatan'),
          b(WEEKDAYS, '12:00', 60, 'kabar-siang'),
          b('FR', '11:00', 120, 'mimbar-jumat'),
          b(WORKDAYS, '13:00', 120, 'sinema-siang'),
          b('FR', '15:00', 60, 'dunia-anak'),
          b(WORKDAYS, '16:00', 60, 'pesona'),
          b(WORKDAYS, '17:00', 60, 'olahraga'),
          b(ALL, '18:00', 60, 'kabar-malam'),
          b('MO', '19:00', 60, 'umkm'),
          b('TU', '19:00', 60, 'dialog-walikota'),
          b('WE', '19:00', 60, 'suara-warga'),
          b('TH,FR', '19:00', 60, 'kajian'),
          b('FR', '20:00', 60, 'seni-budaya'),
          b(WORKDAYS, '21:00', 120, 'film'),
          b(ALL, '23:00', 360, 'tayangan-ulang'),
          b(WEEKEND, '07:00', 60, 'senam'),
          b(WEEKEND, '08:00', 120, 'dunia-anak'),
          b(WEEKEND, '10:00', 120, 'pesona'),
          b(WEEKEND, '12:00', 60, 'kabar-siang'),
          b(WEEKEND, '13:00', 180, 'sinema-pekan'),
          b(WEEKEND, '16:00', 120, 'olahraga'),
          b('SA', '19:00', 60, 'seni-budaya'),
          b('SU', '19:00', 60, 'suara-warga'),
          b('SA', '20:00', 120, 'panggung-dangdut'),
          b('SU', '20:00', 120, 'film'),
          b(WEEKEND, '22:00', 60, 'batik-nusantara'),
        ],
      },
      {
        slug: 'rkb',
        name: 'Radio Kota Batik',
        kind: 'radio',
        description: 'Radio publik Kota Pekalongan, FM 88,8.',
        grid: [
          b(ALL, '04:00', 120, 'renungan'),
          b(ALL, '06:00', 60, 'kabar-radio'),
          b(ALL, '07:00', 120, 'sapa-rkb'),
          b(WEEKDAYS, '09:00', 60, 'dialog-interaktif'),
          b(WEEKDAYS, '10:00', 120, 'dangdut-rkb'),
          b(WEEKDAYS, '12:00', 60, 'kabar-radio'),
          b(WEEKDAYS, '13:00', 120, 'tembang-kenangan'),
          b('FR', '09:00', 60, 'dialog-interaktif'),
          b('FR', '10:00', 60, 'dangdut-rkb'),
          b('FR', '11:00', 120, 'mimbar-jumat'),
          b('FR', '13:00', 60, 'kabar-radio'),
          b('FR', '14:00', 60, 'tembang-kenangan'),
          b('SA', '09:00', 60, 'dialog-walikota'),
          b('SU', '09:00', 60, 'dongeng'),
          b(WEEKEND, '10:00', 120, 'dangdut-rkb'),
          b(WEEKEND, '12:00', 60, 'kabar-radio'),
          b(WEEKEND, '13:00', 120, 'tembang-kenangan'),
          b('FR,SA,SU', '15:00', 60, 'dongeng'),
          b(ALL, '16:00', 120, 'pantura'),
          b(ALL, '18:00', 60, 'kabar-radio'),
          b('FR,SA,SU', '19:00', 60, 'keroncong'),
          b(ALL, '20:00', 120, 'dangdut-malam'),
          b(ALL, '22:00', 360, 'teman-malam'),
        ],
      },
    ],
  },
  {
    slug: 'lppl-kabupaten-kudus',
    name: 'LPPL Kabupaten Kudus',
    description: 'Lembaga Penyiaran Publik Lokal Kabupaten Kudus.',
    programmes: [
      p('tarhim', 'Tarhim dan Selawat', 'Religi', 'Selawat dan doa menjelang subuh dari Kota Kretek.'),
      p('kudus-pagi', 'Kudus Pagi Ini', 'Berita', 'Berita pagi Kabupaten Kudus.', 'Fitri Handayani'),
      p(
        'gema-kretek',
        'Gema Kota Kretek',
        'Magazin',
        'Info pagi: harga pangan, lalu lintas dan agenda desa.',
        'Andi Wijaya',
      ),
      p(
        'dialog-bupati',
        'Dialog Bersama Bupati',
        'Dialog',
        'Bupati Kudus menjawab pertanyaan warga secara langsung.',
        'Andi Wijaya',
      ),
      p('lintas-desa', 'Lintas Desa', 'Informasi', 'Kabar dari desa-desa di sembilan kecamatan Kudus.'),
      p('dangdut-kudus', 'Dangdut Suara Kudus', 'Musik', 'Jam dangdut dan kirim salam pendengar.', 'Mas Bagus'),
      p('kudus-siang', 'Kudus Siang', 'Berita', 'Berita siang Kabupaten Kudus.', 'Fitri Handayani'),
      p(
        'jumat-berkah',
        'Jumat Berkah',
        'Religi',
        'Siaran langsung khutbah dan salat Jumat dari Masjid Al-Aqsa Menara Kudus.',
      ),
      p('pojok-anak', 'Pojok Anak', 'Anak', 'Lagu anak, cerita dan kuis untuk adik-adik.', 'Kak Dinda'),
      p('keroncong-senja', 'Keroncong Senja', 'Musik', 'Keroncong dan langgam menemani senja.'),
      p('kudus-petang', 'Kudus Petang', 'Berita', 'Rangkuman berita hari ini.'),
      p(
        'kajian-menara',
        'Kajian Menara',
        'Religi',
        'Kajian kitab kuning bersama kiai-kiai Kudus.',
        'KH. Sya\u2019roni',
      ),
      p('campursari', 'Campursari Malam', 'Musik', 'Campursari dan tembang Jawa.'),
      p('malam-kudus', 'Malam di Kudus', 'Musik', 'Lagu-lagu malam hingga menjelang subuh.'),
    ],
    channels: [
      {
        slug: 'suara-kudus',
        name: 'Radio Suara Kudus',
        kind: 'radio',
        description: 'Radio publik Kabupaten Kudus.',
        grid: [
          b(ALL, '04:00', 60, 'tarhim'),
          b(ALL, '05:00', 60, 'kudus-pagi'),
          b(ALL, '06:00', 180, 'gema-kretek'),
          b('TH', '09:00', 60, 'dialog-bupati'),
          b('MO,TU,WE,FR,SA,SU', '09:00', 60, 'lintas-desa'),
          b('MO,TU,WE,TH,SA,SU', '10:00', 120, 'dangdut-kudus'),
          b('FR', '10:00', 60, 'dangdut-kudus'),
          b('FR', '11:00', 120, 'jumat-berkah'),
          b('MO,TU,WE,TH,SA,SU', '12:00', 60, 'kudus-siang'),
          b('MO,TU,WE,TH,SA,SU', '13:00', 120, 'lintas-desa'),
          b('FR', '13:00', 120, 'kudus-siang'),
          b('FR,SA,SU', '15:00', 60, 'pojok-anak'),
          b(ALL, '16:00', 120, 'keroncong-senja'),
          b(ALL, '18:00', 60, 'kudus-petang'),
          b('FR,SA,SU', '19:00', 60, 'kajian-menara'),
          b(ALL, '20:00', 120, 'campursari'),
          b(ALL, '22:00', 360, 'malam-kudus'),
        ],
      },
    ],
  },
];
