import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS } from '@siaran/database';
import { runMigrations } from '@siaran/database';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe('migrations', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterEach(() => database.drop());

  it('apply every committed migration once, and nothing the second time', async () => {
    expect(await runMigrations(database.url)).toEqual(MIGRATIONS.map((m) => new m().name));
    expect(await runMigrations(database.url)).toEqual([]);
  });

  it('are safe when several processes boot at once', async () => {
    const results = await Promise.all([
      runMigrations(database.url),
      runMigrations(database.url),
      runMigrations(database.url),
    ]);
    expect(results.flat()).toHaveLength(MIGRATIONS.length);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query('SELECT count(*)::int AS n FROM schema_migrations');
    await client.end();
    expect(rows[0].n).toBe(MIGRATIONS.length);
  });

  it("keep every channel's filler when it moves from channels to channel_playout, down and up again", async () => {
    const moving = MIGRATIONS.findIndex((m) => new m().name === 'ChannelFillerInPlayout1764520000001');
    const migrate = async (migrations: typeof MIGRATIONS, work: (dataSource: DataSource) => Promise<unknown>) => {
      const dataSource = new DataSource({ ...dataSourceOptions(database.url), migrations, extra: { max: 1 } });
      await dataSource.initialize();
      try {
        await work(dataSource);
      } finally {
        await dataSource.destroy();
      }
    };
    await migrate(MIGRATIONS.slice(0, moving), (dataSource) => dataSource.runMigrations({ transaction: 'each' }));

    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const [stationId, filler, slate] = [randomUUID(), randomUUID(), randomUUID()];
      const [withRow, withoutRow, withoutFiller] = [randomUUID(), randomUUID(), randomUUID()];
      await client.query(
        "INSERT INTO stations (id, slug, name, created_at, updated_at) VALUES ($1, 'lppl-batang', 'LPPL Batang', now(), now())",
        [stationId],
      );
      for (const id of [filler, slate]) {
        await client.query(
          `INSERT INTO assets (id, station_id, title, kind, status, source_key, source_name, source_size, created_at, updated_at)
           VALUES ($1, $2, 'Jeda', 'filler', 'ready', 'sources/x', 'x.mp4', 1, now(), now())`,
          [id, stationId],
        );
      }
      for (const [id, slug, fillerId] of [
        [withRow, 'batang-tv', filler],
        [withoutRow, 'radio-batang', filler],
        [withoutFiller, 'batang-info', null],
      ]) {
        await client.query(
          "INSERT INTO channels (id, station_id, kind, slug, name, timezone, language, ladder_preset, is_public, filler_asset_id, created_at, updated_at) VALUES ($1, $2, 'tv', $3, $3, 'Asia/Jakarta', 'id', 'tv-default', true, $4, now(), now())",
          [id, stationId, slug, fillerId],
        );
      }
      await client.query(
        'INSERT INTO channel_playout (channel_id, slate_asset_id, updated_at) VALUES ($1, $2, now())',
        [withRow, slate],
      );
      const fillers = async () =>
        (
          await client.query(
            'SELECT c.slug, p.filler_asset_id, p.slate_asset_id FROM channels c LEFT JOIN channel_playout p ON p.channel_id = c.id ORDER BY c.slug',
          )
        ).rows;
      const expected = [
        { slug: 'batang-info', filler_asset_id: null, slate_asset_id: null },
        { slug: 'batang-tv', filler_asset_id: filler, slate_asset_id: slate },
        { slug: 'radio-batang', filler_asset_id: filler, slate_asset_id: null },
      ];

      await runMigrations(database.url);
      expect(await fillers()).toEqual(expected);
      const column =
        "SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'channels' AND column_name = 'filler_asset_id'";
      expect((await client.query(column)).rows[0].n).toBe(0);

      await migrate(MIGRATIONS, async (dataSource) => {
        for (let i = moving; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
      });
      expect((await client.query('SELECT slug, filler_asset_id FROM channels ORDER BY slug')).rows).toEqual(
        expected.map(({ slug, filler_asset_id }) => ({ slug, filler_asset_id })),
      );

      await runMigrations(database.url);
      expect(await fillers()).toEqual(expected);
      await client.query('DELETE FROM assets WHERE id = $1', [filler]);
      expect(
        (await client.query('SELECT count(*)::int AS n FROM channel_playout WHERE filler_asset_id IS NOT NULL')).rows[0]
          .n,
      ).toBe(0);
    } finally {
      await client.end();
    }
  });
});
