import { type EntityManager } from 'typeorm';
import { ChannelAssetUser, ChannelAssetUsers } from './channel-asset-users';

class FixedUser extends ChannelAssetUser {
  readonly asked: Array<[string, Date]> = [];

  constructor(private readonly ids: string[]) {
    super();
  }

  async assetsStillAired(_manager: EntityManager, channelId: string, now: Date): Promise<string[]> {
    this.asked.push([channelId, now]);
    return this.ids;
  }
}

describe('ChannelAssetUsers', () => {
  const manager = {} as EntityManager;
  const now = new Date('2026-12-01T00:00:00Z');

  it('asks every registered user about the channel and gives their assets once each, sorted', async () => {
    const users = new ChannelAssetUsers();
    const schedule = new FixedUser(['c0ffee00-0000-4000-8000-000000000003', 'c0ffee00-0000-4000-8000-000000000001']);
    const filler = new FixedUser(['c0ffee00-0000-4000-8000-000000000002', 'c0ffee00-0000-4000-8000-000000000001']);
    users.register(schedule);
    users.register(filler);
    expect(await users.assetsStillAired(manager, 'channel-1', now)).toEqual([
      'c0ffee00-0000-4000-8000-000000000001',
      'c0ffee00-0000-4000-8000-000000000002',
      'c0ffee00-0000-4000-8000-000000000003',
    ]);
    expect(schedule.asked).toEqual([['channel-1', now]]);
    expect(filler.asked).toEqual([['channel-1', now]]);
  });

  it('gives nothing while no user is registered', async () => {
    expect(await new ChannelAssetUsers().assetsStillAired(manager, 'channel-1', now)).toEqual([]);
  });
});
