import { Injectable } from '@nestjs/common';
import { DomainError } from '@siaran/core';
import { AuthErrorCode } from './auth-errors';
import { AuthUser } from './role';

/** Who may change what belongs to a station. */
@Injectable()
export class StationAccess {
  canManageStation(user: AuthUser, stationId: string): boolean {
    return user.role === 'admin' || (user.role === 'producer' && user.stationIds.includes(stationId));
  }

  /** Programmes, schedules and assets of a station: admins, and producers assigned to it. Engineers never. */
  assertCanManageStation(user: AuthUser, stationId: string): void {
    if (this.canManageStation(user, stationId)) return;
    throw new DomainError(
      'forbidden',
      AuthErrorCode.Forbidden,
      user.role === 'producer'
        ? 'You are not a producer of this station'
        : `The role ${user.role} cannot change programmes, schedules or media`,
      { stationId },
    );
  }

  /**
   * A station's live inputs, whose connection details let a studio go on air: its producers,
   * and admins and engineers (who run every channel).
   */
  assertCanManageLiveInputs(user: AuthUser, stationId: string): void {
    if (user.role === 'engineer' || this.canManageStation(user, stationId)) return;
    throw new DomainError('forbidden', AuthErrorCode.Forbidden, 'You are not a producer of this station', {
      stationId,
    });
  }

  /** What a station's channels aired (the as-run log): its producers, and admins and engineers. */
  assertCanReadAirRecords(user: AuthUser, stationId: string): void {
    if (user.role === 'engineer' || this.canManageStation(user, stationId)) return;
    throw new DomainError('forbidden', AuthErrorCode.Forbidden, 'You are not a producer of this station', {
      stationId,
    });
  }

  /** Running channels and watching health: admins and engineers. */
  assertCanOperate(user: AuthUser): void {
    if (user.role === 'admin' || user.role === 'engineer') return;
    throw new DomainError('forbidden', AuthErrorCode.Forbidden, 'Operating channels needs the role admin or engineer');
  }
}
