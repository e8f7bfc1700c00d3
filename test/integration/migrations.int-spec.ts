import { Client } from 'pg';
import { MIGRATIONS } from '@siaran/database';
import { runMigrations } from '@siaran/database';
import { createTestDatabase, TestDatabase } from '../support/database';

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
    const results = await Promise.all([runMigrations(database.url), runMigrations(database.url), runMigrations(database.url)]);
    expect(results.flat()).toHaveLength(MIGRATIONS.length);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query('SELECT count(*)::int AS n FROM schema_migrations');
    await client.end();
    expect(rows[0].n).toBe(MIGRATIONS.length);
  });
});
