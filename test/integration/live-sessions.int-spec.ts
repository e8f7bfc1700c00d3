import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@siaran/database';
import { LiveSessionStore, type OpenSession } from '@siaran/ingest';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** Who holds a live input: one open session per input, a lease a dead worker loses, an input change that ends it. */
describe('live session leases', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: LiveSessionStore;
  const channelId = randomUUID();
  let inputId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource({ ...dataSourceOptions(database.url), extra: { max: 2 } }).initialize();
    store = new LiveSessionStore(dataSource);
    const stationId = randomUUID();
    await dataSource.query(
      "INSERT INTO stations (id, slug, name, created_at, updated_at) VALUES ($1, 'lppl-kudus', 'LPPL Kudus', now(), now())",
      [stationId],
    );
    await dataSource.query(
      `INSERT INTO channels (id, station_id, kind, slug, name, ladder_preset, created_at, updated_at)
       VALUES ($1, $2, 'radio', 'suara-kudus', 'Radio Suara Kudus', 'radio-default', now(), now())`,
      [channelId, stationId],
    );
  });

  beforeEach(async () => {
    inputId = randomUUID();
    await dataSource.query(
      `INSERT INTO live_inputs (id, channel_id, name, kind, secret_ciphertext, mount, created_at, updated_at)
       VALUES ($1, $2, 'Meja siar', 'icecast', 'sealed-1', $3, now(), now())`,
      [inputId, channelId, `m-${inputId.slice(0, 8)}`],
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const session = (workerId: string, leaseMs = 10_000): OpenSession => ({
    inputId,
    channelId,
    workerId,
    recordingAssetId: randomUUID(),
    remoteAddress: '192.0.2.10',
    streamerName: 'Mas Bayu',
    leaseMs,
  });

  it('lets one worker hold an input; another is refused while the lease runs', async () => {
    const first = await store.open(randomUUID(), session('worker-a'));
    expect(first).toEqual(expect.any(String));
    expect(await store.open(randomUUID(), session('worker-b'))).toBeNull();
    expect(await store.renew(first as string, 'worker-a', 10_000)).toBe(true);
    expect(await store.renew(first as string, 'worker-b', 10_000)).toBe(false);
  });

  it('gives the input to another worker once the holder stopped renewing, ending the old session', async () => {
    const dead = (await store.open(randomUUID(), session('worker-a', 200))) as string;
    await new Promise((resolve) => setTimeout(resolve, 400));
    const taken = await store.open(randomUUID(), session('worker-b'));
    expect(taken).toEqual(expect.any(String));
    const [old] = await dataSource.query('SELECT ended_at, end_reason FROM live_sessions WHERE id = $1', [dead]);
    expect(old).toEqual({ ended_at: expect.any(Date), end_reason: 'lease-expired' });
    expect(await store.renew(dead, 'worker-a', 10_000)).toBe(false);
  });

  it('ends the validity of a session when its input is disabled or its secret rotated, and refuses a disabled input', async () => {
    const id = (await store.open(randomUUID(), session('worker-a'))) as string;
    expect(await store.validSessions([id])).toEqual(new Set([id]));
    await dataSource.query("UPDATE live_inputs SET secret_ciphertext = 'sealed-2' WHERE id = $1", [inputId]);
    expect(await store.validSessions([id])).toEqual(new Set());
    await store.close(id, 'input-changed');
    await dataSource.query('UPDATE live_inputs SET enabled = false WHERE id = $1', [inputId]);
    expect(await store.open(randomUUID(), session('worker-a'))).toBeNull();
  });

  it('finds a session ended moments ago, so a reconnecting studio goes on with its recording', async () => {
    const opened = session('worker-a');
    const id = (await store.open(randomUUID(), opened)) as string;
    await store.setTitle(id, 'Kopi Pagi');
    await store.close(id, 'publisher-left');
    const recent = await store.recentlyEnded(inputId, 60_000);
    expect(recent).toMatchObject({ id, recordingAssetId: opened.recordingAssetId, title: 'Kopi Pagi', holding: false });
    expect(await store.recentlyEnded(inputId, 0)).toBeNull();
    const latest = (await store.latest(60_000)).find((s) => s.inputId === inputId);
    expect(latest).toMatchObject({ id, inputName: 'Meja siar', airWhenConnected: false, endReason: 'publisher-left' });
  });
});
