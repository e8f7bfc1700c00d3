import type { AuthUser } from '@siaran/auth';
import { DomainError } from '@siaran/core';
import type { OverrideMode } from './emergency-override';

/** Admins and emergency operators issue any override. */
const OPERATORS: ReadonlySet<string> = new Set(['admin', 'emergency-operator']);

/**
 * Who may issue, change or end an override: admins and emergency operators any; producers
 * only crawls whose every station is theirs (never a scope of every channel). Null: allowed;
 * otherwise why not.
 */
export function refusalOf(
  user: Pick<AuthUser, 'role' | 'stationIds'>,
  override: { mode: OverrideMode; allChannels: boolean; stationIds: readonly string[] },
): string | null {
  if (OPERATORS.has(user.role)) return null;
  if (user.role !== 'producer') return `The role ${user.role} cannot issue emergency overrides`;
  if (override.mode !== 'crawl') return 'Producers may issue crawls only; takeovers need an emergency operator';
  if (override.allChannels) return 'Producers may not issue an override of every channel';
  const foreign = override.stationIds.filter((id) => !user.stationIds.includes(id));
  return foreign.length ? 'You are not a producer of every station the override covers' : null;
}

export function assertMayIssue(
  user: Pick<AuthUser, 'role' | 'stationIds'>,
  override: { mode: OverrideMode; allChannels: boolean; stationIds: readonly string[] },
): void {
  const refusal = refusalOf(user, override);
  if (refusal) throw new DomainError('forbidden', 'FORBIDDEN', refusal);
}

/** The second person of the two-person rule: an admin or emergency operator other than the issuer. */
export function assertMayConfirm(user: Pick<AuthUser, 'id' | 'role'>, issuerId: string | null): void {
  if (!OPERATORS.has(user.role))
    throw new DomainError('forbidden', 'FORBIDDEN', 'Only admins and emergency operators confirm overrides');
  if (issuerId === user.id)
    throw new DomainError('conflict', 'SAME_OPERATOR', 'A second operator, not the issuer, must confirm the override');
}
