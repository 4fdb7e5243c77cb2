import { KMS_KEY_REFERENCES, keyReferences, referencesKey, unreadableAttributes } from '../../analysis/kms-references.js';
import type { AnyResource, ResourceType } from '../../model/resource.js';
import { defineRule, fail, pass } from '../rule.js';

const PENDING = ['PendingDeletion', 'PendingReplicaDeletion'];

export default defineRule({
  id: 'kms-key-not-pending-deletion',
  title: 'KMS keys are not scheduled for deletion unintentionally',
  severity: 'high',
  resourceType: 'aws.kms.key',
  needs: ['keyState', 'deletionDate', 'keyId', 'aliases'],
  notOnPlans:
    'a key the plan creates or keeps is never scheduled for deletion (scheduling it is a destroy, and destroyed resources are not judged): on a plan it could only ever pass',
  related: KMS_KEY_REFERENCES,
  description:
    'A key in `PendingDeletion` fails. It is **high** when a scanned resource of the account still uses it (S3 default encryption, EBS volumes and the EBS default key, SageMaker notebooks, domains, jobs and endpoint configs) or when those references could not all be read, and **medium** when nothing scanned uses it.',
  rationale:
    'Once the waiting period ends, everything encrypted under the key is lost for good: data, model artifacts and volumes become unreadable, and services that still use the key fail.',
  remediation:
    'Cancel the deletion (`aws kms cancel-key-deletion`) if the key is still needed; otherwise move the referencing resources to another key first. In Terraform, keep `deletion_window_in_days` at 30 and protect shared keys with `prevent_destroy`.',
  references: {
    fsbp: ['KMS.3'],
    prowler: ['kms_cmk_not_deleted_unintentionally'],
    docs: ['https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html'],
  },
  check(key, { account }) {
    const state = key.data.keyState;
    if (!PENDING.includes(state)) return pass(`the key is ${state}`);
    const identity = { arn: key.arn, keyId: key.data.keyId, region: key.region, aliases: key.data.aliases };
    const users: Array<{ arn: string; type: string; path: string }> = [];
    const unverified: Array<{ arn: string; type: string; attribute: string; error?: string }> = [];
    for (const [type, attributes] of Object.entries(KMS_KEY_REFERENCES)) {
      for (const resource of account.ofType(type as ResourceType) as unknown as AnyResource[]) {
        for (const reference of keyReferences(resource, attributes)) {
          if (referencesKey(reference.value, identity, resource.region)) users.push({ arn: resource.arn, type, path: reference.path });
        }
        for (const { attribute, error } of unreadableAttributes(resource, attributes)) {
          unverified.push({ arn: resource.arn, type, attribute, ...(error ? { error: `${error.operation}: ${error.code}` } : {}) });
        }
      }
    }
    const when = key.data.deletionDate ? ` on ${key.data.deletionDate.slice(0, 10)}` : '';
    const evidence = { keyState: state, deletionDate: key.data.deletionDate, usedBy: users, unverified };
    if (users.length > 0) {
      return fail(`the key is scheduled for deletion${when} but ${users.length} scanned resource(s) still use it: ${users.map((u) => u.arn).join(', ')}`, {
        path: 'data.keyState',
        severity: 'high',
        evidence,
      });
    }
    if (unverified.length > 0) {
      return fail(`the key is scheduled for deletion${when}; no scanned resource is known to use it, but ${unverified.length} key reference(s) could not be read`, {
        path: 'data.keyState',
        severity: 'high',
        evidence,
      });
    }
    return fail(`the key is scheduled for deletion${when}; no scanned resource uses it`, { path: 'data.keyState', severity: 'medium', evidence });
  },
});
