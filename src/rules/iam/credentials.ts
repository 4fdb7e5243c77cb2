/** Helpers for the credential-report rules. */
import type { CredentialReportRow } from '../../model/iam.js';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from an ISO date to now; undefined for null. */
export function daysSince(iso: string | null, now: Date): number | undefined {
  if (!iso) return undefined;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : Math.floor((now.getTime() - time) / DAY_MS);
}

export function activeKeys(row: CredentialReportRow) {
  return row.accessKeys.filter((key) => key.active);
}

export const NO_ROW =
  'could not decide: the user has no row in the credential report (created after the report was generated?)';
