import { timingSafeEqual } from 'node:crypto';
import { type AppConfig } from './app-config';

/**
 * Whether a request may read what only monitoring should (metrics, health details, every
 * channel's stream health): always when METRICS_TOKEN is unset, else only with
 * `Authorization: Bearer <METRICS_TOKEN>`.
 */
export function grantsMonitoring(config: AppConfig, authorization: string | string[] | undefined): boolean {
  const token = config.http.metricsToken;
  if (token === undefined) return true;
  if (typeof authorization !== 'string') return false;
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(authorization);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
