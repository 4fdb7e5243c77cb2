import { describe, expect, it } from 'vitest';
import { accessFor } from '../../../src/analysis/iam/principals.js';
import { makeAccountView } from '../../../src/model/inventory.js';
import { allow, attached, doc, managed, role } from '../rules/iam-fixtures.js';

const NOW = new Date('2026-11-24T12:00:00Z');

describe('accessFor', () => {
  it('caches per account view: the same role read through another view looks its managed policies up there', () => {
    const policy = managed('squad-a-read', doc(allow('s3:GetObject')));
    const principal = role([], { attachedPolicies: [attached(policy)] });
    const withoutPolicy = makeAccountView([principal]);
    const withPolicy = makeAccountView([principal, policy]);

    const missing = accessFor(principal, withoutPolicy, NOW);
    expect(missing).toEqual({ ok: false, missing: [`${policy.arn} (not in the inventory)`] });
    const found = accessFor(principal, withPolicy, NOW);
    expect(found.ok).toBe(true);
    // Same view, resource and clock: the cached answer.
    expect(accessFor(principal, withPolicy, NOW)).toBe(found);
  });
});
