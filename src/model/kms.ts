/**
 * KMS keys, customer-managed and AWS-managed. Metadata comes from DescribeKey; rotation, policy, aliases
 * and tags are read only when a rule needs them. `null` means "does not apply to this key", never "unknown":
 * unknown attributes are collection errors.
 */
import type { PolicyDocument } from './policy-document.js';

export interface KmsKeyRotation {
  enabled: boolean;
  /** Days between automatic rotations (the API answers it for enabled rotation; `null` when not given). */
  rotationPeriodInDays: number | null;
}

/** The key's own metadata (one DescribeKey answers it all), as opposed to its rotation, policy and aliases. */
export const KMS_KEY_METADATA = [
  'keyId',
  'keyState',
  'keySpec',
  'keyUsage',
  'origin',
  'keyManager',
  'multiRegion',
  'description',
  'creationDate',
  'deletionDate',
] as const satisfies ReadonlyArray<keyof KmsKeyData>;

export interface KmsKeyData {
  keyId: string;
  /** Enabled | Disabled | PendingDeletion | PendingImport | PendingReplicaDeletion | Unavailable | Creating | Updating */
  keyState: string;
  /** SYMMETRIC_DEFAULT, RSA_2048, HMAC_256, … */
  keySpec: string;
  /** ENCRYPT_DECRYPT | SIGN_VERIFY | GENERATE_VERIFY_MAC | KEY_AGREEMENT */
  keyUsage: string;
  /** AWS_KMS | EXTERNAL (imported material) | AWS_CLOUDHSM | EXTERNAL_KEY_STORE */
  origin: string;
  keyManager: 'CUSTOMER' | 'AWS';
  multiRegion: boolean;
  description: string;
  creationDate: string | null;
  /** When a key in PendingDeletion will be deleted; `null` otherwise. */
  deletionDate: string | null;
  /**
   * Automatic rotation. `null` = rotation is not read because it does not apply: AWS-managed keys (AWS
   * rotates them), asymmetric/HMAC keys, imported or custom-key-store material, keys pending deletion.
   */
  rotation: KmsKeyRotation | null;
  /** The `default` key policy. `null` only for AWS-managed keys, whose policy AWS owns (not read). */
  policy: PolicyDocument | null;
  /** Alias names (`alias/…`) pointing at the key. */
  aliases: string[];
}

declare module './resource.js' {
  interface ResourceDataByType {
    'aws.kms.key': KmsKeyData;
  }
}
