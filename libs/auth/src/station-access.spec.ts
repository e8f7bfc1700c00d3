import { type DomainError } from '@siaran/core';
import { STATUS_OF_KIND } from '@siaran/http';
import { type AuthUser } from './role';
import { StationAccess } from './station-access';

const pekalongan = 'a0000000-0000-4000-8000-000000000001';
const kudus = 'a0000000-0000-4000-8000-000000000002';
const user = (role: AuthUser['role'], stationIds: string[] = []): AuthUser => ({
  id: 'u',
  email: 'u@x.id',
  role,
  stationIds,
});

function statusOf(run: () => void): number | 'allowed' {
  try {
    run();
    return 'allowed';
  } catch (error) {
    return STATUS_OF_KIND[(error as DomainError).kind];
  }
}

describe('StationAccess', () => {
  const access = new StationAccess();

  it('lets admins manage every station, producers only theirs, engineers none', () => {
    expect(statusOf(() => access.assertCanManageStation(user('admin'), kudus))).toBe('allowed');
    expect(statusOf(() => access.assertCanManageStation(user('producer', [pekalongan]), pekalongan))).toBe('allowed');
    expect(statusOf(() => access.assertCanManageStation(user('producer', [pekalongan]), kudus))).toBe(403);
    expect(statusOf(() => access.assertCanManageStation(user('engineer', [pekalongan]), pekalongan))).toBe(403);
  });

  it("lets the station's producers, admins and engineers manage its live inputs", () => {
    expect(statusOf(() => access.assertCanManageLiveInputs(user('admin'), kudus))).toBe('allowed');
    expect(statusOf(() => access.assertCanManageLiveInputs(user('engineer'), kudus))).toBe('allowed');
    expect(statusOf(() => access.assertCanManageLiveInputs(user('producer', [pekalongan]), pekalongan))).toBe(
      'allowed',
    );
    expect(statusOf(() => access.assertCanManageLiveInputs(user('producer', [pekalongan]), kudus))).toBe(403);
    expect(statusOf(() => access.assertCanManageLiveInputs(user('producer'), kudus))).toBe(403);
  });

  it('lets admins and engineers operate channels, not producers', () => {
    expect(statusOf(() => access.assertCanOperate(user('admin')))).toBe('allowed');
    expect(statusOf(() => access.assertCanOperate(user('engineer')))).toBe('allowed');
    expect(statusOf(() => access.assertCanOperate(user('producer', [pekalongan])))).toBe(403);
  });
});
