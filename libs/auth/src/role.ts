export const ROLES = ['admin', 'producer', 'engineer', 'emergency-operator'] as const;

/**
 * admin: everything. producer: programmes and schedules of the stations assigned to them.
 * engineer: reads everything, operates channels and health, never edits schedules.
 * emergency-operator: issues and ends emergency overrides on every channel of the deployment.
 */
export type Role = (typeof ROLES)[number];

/** Who is making a request, as the guard found them; what `@CurrentUser()` gives. */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  /** Stations a producer may manage; empty for most admins and engineers. */
  stationIds: string[];
}

/** The system itself, acting with admin rights (loading demo data). Never a row of users. */
export const SYSTEM_USER: AuthUser = Object.freeze({
  id: 'system',
  email: 'system',
  role: 'admin',
  stationIds: [] as string[],
});
