import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** Playout re-plans every channel when `variant_readiness.version` moves: it must move whenever the set of ready variants changes. */
describe('variant readiness version', () => {
  let database: TestDatabase;
  let client: Client;
  const assetId = randomUUID();

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
    const stationId = randomUUID();
    await client.query(
      "INSERT INTO stations (id, slug, name, created_at, updated_at) VALUES ($1, 'lppl-batang', 'LPPL Batang', now(), now())",
      [stationId],
    );
    await client.query(
      `INSERT INTO assets (id, station_id, title, kind, status, source_key, source_name, source_size, created_at, updated_at)
       VALUES ($1, $2, 'Warta Batang', 'programme', 'queued', 'sources/x', 'x.mp4', 1, now(), now())`,
      [assetId, stationId],
    );
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  const version = async () => Number((await client.query('SELECT version FROM variant_readiness')).rows[0].version);
  const change = async (text: string, values: unknown[] = []) => {
    const before = await version();
    await client.query(text, values);
    return (await version()) - before;
  };

  it('rises when a variant becomes ready or a ready one goes, and not for anything else', async () => {
    expect(
      await change(
        "INSERT INTO asset_variants (asset_id, preset, status, queued_at) VALUES ($1, 'tv-default', 'queued', now())",
        [assetId],
      ),
    ).toBe(0);
    expect(
      await change("UPDATE asset_variants SET status = 'transcoding', progress = 40 WHERE asset_id = $1", [assetId]),
    ).toBe(0);
    expect(
      await change("UPDATE asset_variants SET status = 'ready', progress = 100 WHERE asset_id = $1", [assetId]),
    ).toBe(1);
    expect(
      await change(
        "INSERT INTO asset_variants (asset_id, preset, status, queued_at) VALUES ($1, 'radio-default', 'ready', now())",
        [assetId],
      ),
    ).toBe(1);
    expect(
      await change(
        "INSERT INTO asset_variants (asset_id, preset, status, queued_at) VALUES ($1, 'tv-low', 'failed', now())",
        [assetId],
      ),
    ).toBe(0);
    // Deleting the asset takes its variants with it: two ready ones went.
    expect(await change('DELETE FROM assets WHERE id = $1', [assetId])).toBe(2);
  });
});
