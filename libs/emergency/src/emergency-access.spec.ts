import type { DomainError } from '@siaran/core';
import { assertMayConfirm, refusalOf } from './emergency-access';

describe('who may issue an emergency override', () => {
  const crawl = { mode: 'crawl' as const, allChannels: false, stationIds: ['s1'] };

  it('lets admins and emergency operators issue anything', () => {
    for (const role of ['admin', 'emergency-operator'] as const)
      expect(
        refusalOf({ role, stationIds: [] }, { mode: 'takeover', allChannels: true, stationIds: ['s1', 's2'] }),
      ).toBeNull();
  });

  it('lets producers issue crawls on their own stations only', () => {
    const producer = { role: 'producer' as const, stationIds: ['s1'] };
    expect(refusalOf(producer, crawl)).toBeNull();
    expect(refusalOf(producer, { ...crawl, mode: 'takeover' })).toMatch(/crawls only/);
    expect(refusalOf(producer, { ...crawl, stationIds: ['s1', 's2'] })).toMatch(/every station/);
    expect(refusalOf(producer, { ...crawl, allChannels: true })).toMatch(/every channel/);
  });

  it('refuses engineers', () => {
    expect(refusalOf({ role: 'engineer', stationIds: [] }, crawl)).toMatch(/engineer/);
  });

  it('needs a second operator to confirm', () => {
    expect(() => assertMayConfirm({ id: 'u2', role: 'emergency-operator' }, 'u1')).not.toThrow();
    const same = (() => {
      try {
        assertMayConfirm({ id: 'u1', role: 'admin' }, 'u1');
      } catch (error) {
        return error as DomainError;
      }
      return null;
    })();
    expect(same?.code).toBe('SAME_OPERATOR');
    expect(() => assertMayConfirm({ id: 'u2', role: 'producer' }, 'u1')).toThrow(/Only admins/);
  });
});
