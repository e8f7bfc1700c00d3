import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { tableMentions, type TableMentions, tableNamesInSql } from './sql-names';

/**
 * Each context owns its tables: only its lib names them in SQL or uses their TypeORM
 * entities; other contexts read through ports the owner implements, and apps never name a
 * table. Migrations are schema, not stores: they may name any table.
 */
const OWNERS: Record<string, readonly string[]> = {
  auth: ['users', 'user_stations', 'auth_tokens', 'login_failures'],
  audit: ['audit_log'],
  health: ['worker_instances'],
  scheduling: ['stations', 'channels', 'programmes', 'schedule_entries', 'schedule_exceptions'],
  media: ['assets', 'asset_variants', 'asset_renditions', 'asset_segments', 'variant_readiness', 'pgboss'],
  playout: ['channel_playout', 'aired_items', 'channel_segments'],
  ingest: ['live_inputs', 'live_sessions'],
  playlists: ['playlists', 'playlist_items'],
  emergency: ['emergency_overrides', 'emergency_bulletins', 'emergency_cap_messages', 'station_service_areas'],
};

const ROOT = join(__dirname, '..', '..');
const MIGRATIONS = join('libs', 'database', 'src', 'migrations');

const ownerOf = new Map(
  Object.entries(OWNERS).flatMap(([lib, tables]) => tables.map((table) => [table, lib] as const)),
);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** `libs/<lib>/…` gives the lib; anything under apps/ owns nothing. */
const libOf = (path: string) => (path.startsWith(`libs${sep}`) ? path.split(sep)[1] : undefined);

describe('each context owns its tables', () => {
  const files = [...sourceFiles('libs'), ...sourceFiles('apps')].filter((path) => !path.startsWith(MIGRATIONS));
  const mentions = new Map<string, TableMentions>(
    files.map((path) => [path, tableMentions(path, readFileSync(join(ROOT, path), 'utf8'))]),
  );

  it('reads the sources it checks', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(
      mentions.get(join('libs', 'scheduling', 'src', 'catalog', 'entities.ts'))?.entities.map((e) => e.table),
    ).toEqual(['stations', 'channels', 'programmes']);
  });

  it('names every table the migrations create', () => {
    const created = sourceFiles(MIGRATIONS).flatMap((path) =>
      [...readFileSync(join(ROOT, path), 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+)/g)].map((m) => m[1]),
    );
    expect(created.filter((table) => !ownerOf.has(table))).toEqual([]);
  });

  it('lets only the owning lib name a table in SQL or declare its entity', () => {
    const problems: string[] = [];
    for (const [path, found] of mentions) {
      const lib = libOf(path);
      const named = new Set([...found.inSql, ...found.entities.map((e) => e.table)]);
      for (const table of named) {
        const owner = ownerOf.get(table);
        if (owner && owner !== lib) problems.push(`${path.split(sep).join('/')} names ${table}, a table of ${owner}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('lets only the owning lib use the TypeORM entity of a table', () => {
    const entities = [...mentions.values()].flatMap((found) => found.entities);
    const problems: string[] = [];
    for (const [path, found] of mentions) {
      const lib = libOf(path);
      for (const { className, table } of entities) {
        const owner = ownerOf.get(table);
        if (owner && owner !== lib && found.valueIdentifiers.has(className))
          problems.push(`${path.split(sep).join('/')} uses ${className}, the entity of ${table}, a table of ${owner}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('SQL table names', () => {
  it('are read after FROM, JOIN, UPDATE, INTO, TABLE and TRUNCATE', () => {
    expect(
      tableNamesInSql(
        'SELECT c.id FROM channels c JOIN stations s ON s.id = c.station_id LEFT JOIN channel_playout p ON p.channel_id = c.id',
      ),
    ).toEqual(['channels', 'stations', 'channel_playout']);
    expect(tableNamesInSql('UPDATE channels SET schedule_version = schedule_version + 1 WHERE id = $1')).toEqual([
      'channels',
    ]);
    expect(tableNamesInSql('INSERT INTO aired_items (id) VALUES ($1)')).toEqual(['aired_items']);
    expect(tableNamesInSql('DELETE FROM channel_segments s WHERE s.start_at < $1')).toEqual(['channel_segments']);
    expect(tableNamesInSql('ALTER TABLE IF EXISTS channel_playout ADD COLUMN x text; TRUNCATE ONLY assets')).toEqual([
      'channel_playout',
      'assets',
    ]);
  });

  it('give the schema of a qualified name, and the table of a public one', () => {
    expect(tableNamesInSql('SELECT count(*) FROM pgboss.job JOIN public."Channels" c ON true')).toEqual([
      'pgboss',
      'channels',
    ]);
  });

  it('are not read from English text, nor from a substitution', () => {
    expect(tableNamesInSql('Read from channels, then update channels into the guide')).toEqual([]);
    expect(tableNamesInSql('SELECT 1 FROM ? WHERE id = $1')).toEqual([]);
  });

  it('are read from a statement written in lowercase', () => {
    expect(tableNamesInSql('select id from channels join stations on true')).toEqual(['channels', 'stations']);
  });
});

describe('table mentions of a source file', () => {
  const source = `
    import { ChannelEntity } from '@siaran/scheduling';
    // Reads FROM channels in a comment: not SQL.
    @Entity({ name: 'aired_items' })
    export class AiredItemEntity {}
    const COLUMNS = 'id, slug';
    export async function read(manager: EntityManager, row: ChannelEntity) {
      await manager.query(\`SELECT \${COLUMNS} FROM channels WHERE id = $1 AND slug <> \${'x'}\`, [row.id]);
      await manager.findOne(ChannelEntity, { where: {} });
      throw new Error('No channels from stations');
    }`;
  const found = tableMentions('example.ts', source);

  it('reads SQL in template literals, not comments or messages', () => {
    expect(found.inSql).toEqual(['channels']);
  });

  it('reads the table of an entity declaration', () => {
    expect(found.entities).toEqual([{ className: 'AiredItemEntity', table: 'aired_items' }]);
  });

  it('tells entity classes used as values from those used as types', () => {
    expect(found.valueIdentifiers.has('ChannelEntity')).toBe(true);
    const typeOnly = tableMentions(
      'example.ts',
      `import { ChannelEntity } from 'x';\nexport const slugOf = (channel: ChannelEntity): string => channel.slug;`,
    );
    expect(typeOnly.valueIdentifiers.has('ChannelEntity')).toBe(false);
  });
});
