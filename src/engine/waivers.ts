import type { AppliedWaiver, Finding } from '../model/finding.js';
import type { WaiverState, WaiverStatus } from '../model/report.js';
import { matchesGlob } from '../policy/glob.js';
import type { Waiver } from '../policy/types.js';

const DAY_MS = 86_400_000;

/** Whole days from `now`'s UTC date to the expiry date (negative once expired; 0 = expires today). */
export function daysUntil(expires: string, now: Date): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const [year, month, day] = expires.split('-').map(Number);
  return Math.round((Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1) - today) / DAY_MS);
}

function matches(waiver: Waiver, finding: Finding): boolean {
  return (
    matchesGlob(finding.ruleId, waiver.rule) &&
    waiver.resources.some((glob) => matchesGlob(finding.resource.arn, glob)) &&
    (!waiver.accounts || waiver.accounts.includes(finding.resource.accountId))
  );
}

/**
 * Turns failing findings covered by a waiver in force into `waived`; an expired waiver is not applied and
 * the finding records it. Fed one account's findings at a time (mutated in place); `status()` gives every
 * waiver's state for the report, counted across all the accounts seen.
 */
export class WaiverTally {
  private readonly matched = new Map<Waiver, number>();

  constructor(
    private readonly now: Date,
    private readonly warningDays: number,
  ) {}

  apply(findings: Iterable<Finding>, waivers: Waiver[]): void {
    for (const waiver of waivers) if (!this.matched.has(waiver)) this.matched.set(waiver, 0);
    if (waivers.length === 0) return;
    for (const finding of findings) {
      if (finding.status !== 'fail') continue;
      const active = waivers.find((waiver) => matches(waiver, finding) && daysUntil(waiver.expires, this.now) >= 0);
      const expired = waivers.find((waiver) => matches(waiver, finding) && daysUntil(waiver.expires, this.now) < 0);
      if (active) {
        this.matched.set(active, (this.matched.get(active) ?? 0) + 1);
        finding.status = 'waived';
        finding.waiver = describe(active, this.now);
      } else if (expired) {
        this.matched.set(expired, (this.matched.get(expired) ?? 0) + 1);
        finding.expiredWaiver = describe(expired, this.now);
      }
    }
  }

  status(): WaiverStatus {
    const status: WaiverStatus = { applied: [], expired: [], stale: [], expiringSoon: [], warningDays: this.warningDays };
    for (const [waiver, count] of this.matched) {
      const state: WaiverState = { ...waiver, daysToExpiry: daysUntil(waiver.expires, this.now), matched: count };
      if (state.daysToExpiry < 0) status.expired.push(state);
      else {
        if (count > 0) status.applied.push(state);
        else status.stale.push(state);
        if (state.daysToExpiry <= this.warningDays) status.expiringSoon.push(state);
      }
    }
    return status;
  }
}

function describe(waiver: Waiver, now: Date): AppliedWaiver {
  return {
    reason: waiver.reason,
    owner: waiver.owner,
    expires: waiver.expires,
    daysToExpiry: daysUntil(waiver.expires, now),
    policy: waiver.policy,
  };
}

/** Shard reports' waiver states as one: applied if any shard applied it, stale only if no shard matched with it. */
export function mergeWaivers(statuses: WaiverStatus[]): WaiverStatus {
  const key = (state: WaiverState): string =>
    [state.policy, state.rule, state.resources.join(','), (state.accounts ?? []).join(','), state.expires].join('\n');
  const combine = (lists: WaiverState[][]): WaiverState[] => {
    const byKey = new Map<string, WaiverState>();
    for (const state of lists.flat()) {
      const previous = byKey.get(key(state));
      byKey.set(key(state), previous ? { ...previous, matched: previous.matched + state.matched } : { ...state });
    }
    return [...byKey.values()];
  };
  const firstOfEach = (states: WaiverState[]): WaiverState[] => {
    const byKey = new Map<string, WaiverState>();
    for (const state of states) if (!byKey.has(key(state))) byKey.set(key(state), state);
    return [...byKey.values()];
  };
  const applied = combine(statuses.map((status) => status.applied));
  const appliedKeys = new Set(applied.map(key));
  return {
    applied,
    expired: combine(statuses.map((status) => status.expired)),
    stale: combine(statuses.map((status) => status.stale)).filter((state) => !appliedKeys.has(key(state))),
    expiringSoon: firstOfEach(statuses.flatMap((status) => status.expiringSoon)),
    warningDays: statuses[0]?.warningDays ?? 14,
  };
}
