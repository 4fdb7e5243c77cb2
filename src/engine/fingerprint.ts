import { createHash } from 'node:crypto';

/**
 * A finding's identity across runs, shards and merges: the rule, the resource's ARN and, for rules that
 * judge sub-parts, the verdict key. Nothing time- or order-dependent goes in.
 */
export function fingerprint(ruleId: string, arn: string, key?: string): string {
  return createHash('sha256')
    .update(`${ruleId}\n${arn}\n${key ?? ''}`)
    .digest('hex')
    .slice(0, 32);
}
