import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  paginateListAliases,
  paginateListKeys,
  paginateListResourceTags,
  type KeyListEntry,
  type KeyMetadata,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { errorCode, toCollectionError } from '../aws/errors.js';
import type { KmsKeyData, KmsKeyRotation } from '../model/kms.js';
import { parsePolicyDocument } from '../model/policy-document.js';
import type { AnyResource, CollectionError } from '../model/resource.js';
import { readAttribute, tagRecord } from './attributes.js';
import { needs, type Scanner, type ScannerContext } from './scanner.js';
import { SCANNED_TYPES } from './resource-types.js';

const KEY = 'aws.kms.key';

/** Attributes DescribeKey answers. */
const METADATA = [
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
] as const;

/**
 * KMS is regional: one ListKeys (paginated) and one ListAliases per region, then per key one DescribeKey
 * (the key's identity: which keys are AWS-managed decides every other read) and, only when the plan needs
 * them, GetKeyRotationStatus (symmetric customer-managed keys with KMS key material), GetKeyPolicy and
 * ListResourceTags (customer-managed keys: AWS owns the others' policies and they carry no tags).
 */
export const kmsScanner: Scanner = {
  service: 'kms',
  resourceTypes: [...SCANNED_TYPES.kms],
  // Written out until this scanner's reads are tables: the audit role is generated from it.
  operations: ['KMS.DescribeKey', 'KMS.GetKeyPolicy', 'KMS.GetKeyRotationStatus', 'KMS.ListAliases', 'KMS.ListKeys', 'KMS.ListResourceTags'],
  scope: 'regional',
  async scan(context) {
    const { region, plan } = context;
    if (!plan.has(KEY)) return;
    const kms = context.clients.client('KMS', region);
    let keys: KeyListEntry[];
    try {
      keys = [];
      for await (const page of paginateListKeys({ client: kms }, {})) keys.push(...(page.Keys ?? []));
    } catch (error) {
      context.fail({ region, service: 'kms', resourceTypes: [KEY], ...toCollectionError(error, 'KMS.ListKeys') });
      return;
    }
    if (keys.length === 0) return;
    const aliases = needs(plan, KEY, 'aliases') ? await listAliases(kms) : undefined;
    await Promise.all(
      keys.map((entry) =>
        context.limit(async () => {
          const resource = await scanKey(context, kms, entry, aliases);
          if (resource) context.emit(resource);
        }),
      ),
    );
  },
};

type AliasRead = { byKey: Map<string, string[]> } | { error: CollectionError };

/** Every alias of the region in one paginated call, grouped by target key id. */
async function listAliases(kms: KMSClient): Promise<AliasRead> {
  try {
    const byKey = new Map<string, string[]>();
    for await (const page of paginateListAliases({ client: kms }, {})) {
      for (const alias of page.Aliases ?? []) {
        if (!alias.TargetKeyId || !alias.AliasName) continue;
        byKey.set(alias.TargetKeyId, [...(byKey.get(alias.TargetKeyId) ?? []), alias.AliasName]);
      }
    }
    return { byKey };
  } catch (error) {
    return { error: toCollectionError(error, 'KMS.ListAliases') };
  }
}

/** Rotation applies to symmetric customer-managed keys with KMS-generated material that are not being deleted. */
export function rotationApplies(metadata: Pick<KmsKeyData, 'keyManager' | 'keySpec' | 'origin' | 'keyState'>): boolean {
  return (
    metadata.keyManager === 'CUSTOMER' &&
    metadata.keySpec === 'SYMMETRIC_DEFAULT' &&
    metadata.origin === 'AWS_KMS' &&
    (metadata.keyState === 'Enabled' || metadata.keyState === 'Disabled')
  );
}

function toMetadata(metadata: KeyMetadata, keyId: string): Omit<KmsKeyData, 'rotation' | 'policy' | 'aliases'> {
  return {
    keyId: metadata.KeyId ?? keyId,
    keyState: metadata.KeyState ?? 'Unknown',
    keySpec: metadata.KeySpec ?? metadata.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT',
    keyUsage: metadata.KeyUsage ?? 'ENCRYPT_DECRYPT',
    origin: metadata.Origin ?? 'AWS_KMS',
    keyManager: metadata.KeyManager === 'AWS' ? 'AWS' : 'CUSTOMER',
    multiRegion: metadata.MultiRegion ?? false,
    description: metadata.Description ?? '',
    creationDate: metadata.CreationDate?.toISOString() ?? null,
    deletionDate: metadata.DeletionDate?.toISOString() ?? null,
  };
}

async function scanKey(
  context: ScannerContext,
  kms: KMSClient,
  entry: KeyListEntry,
  aliases: AliasRead | undefined,
): Promise<AnyResource | undefined> {
  const keyId = entry.KeyId;
  if (!keyId || !entry.KeyArn) return undefined;
  const plan = context.plan;
  const resource: AnyResource = {
    type: KEY,
    arn: entry.KeyArn,
    accountId: context.target.accountId,
    region: context.region,
    name: keyId,
    tags: {},
    data: {},
    errors: {},
  };
  const errors = resource.errors as Record<string, CollectionError>;
  if (aliases) {
    if ('error' in aliases) errors.aliases = aliases.error;
    else {
      const names = aliases.byKey.get(keyId) ?? [];
      resource.data.aliases = names;
      if (names[0]) resource.name = names[0];
    }
  }

  let metadata: ReturnType<typeof toMetadata>;
  try {
    const answer = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    if (!answer.KeyMetadata) throw Object.assign(new Error('DescribeKey answered no KeyMetadata'), { name: 'EmptyResponse' });
    metadata = toMetadata(answer.KeyMetadata, keyId);
  } catch (error) {
    if (errorCode(error) === 'NotFoundException') return undefined; // deleted since ListKeys
    // Without the metadata nothing else about the key can be judged (nor is it known which reads apply).
    const failure = toCollectionError(error, 'KMS.DescribeKey');
    for (const attribute of [...METADATA, 'rotation', 'policy', 'tags']) {
      if (needs(plan, KEY, attribute)) errors[attribute] = failure;
    }
    return resource;
  }
  for (const attribute of METADATA) resource.data[attribute] = metadata[attribute];

  const customer = metadata.keyManager === 'CUSTOMER';
  await Promise.all([
    readAttribute<KmsKeyRotation | null>(resource, 'rotation', plan, {
      operation: 'KMS.GetKeyRotationStatus',
      // A key that changed state since DescribeKey: rotation no longer applies to it.
      notConfiguredCodes: ['KMSInvalidStateException'],
      read: async () => {
        if (!rotationApplies(metadata)) return null;
        const answer = await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
        return { enabled: answer.KeyRotationEnabled ?? false, rotationPeriodInDays: answer.RotationPeriodInDays ?? null };
      },
    }),
    readAttribute(resource, 'policy', plan, {
      operation: 'KMS.GetKeyPolicy',
      read: async () => {
        if (!customer) return null;
        const text = (await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy;
        if (!text) throw Object.assign(new Error('GetKeyPolicy answered no policy'), { name: 'EmptyResponse' });
        return parsePolicyDocument(text);
      },
    }),
    readAttribute(resource, 'tags', plan, {
      operation: 'KMS.ListResourceTags',
      read: async () => {
        if (!customer) return {};
        const tags: Array<{ TagKey?: string; TagValue?: string }> = [];
        for await (const page of paginateListResourceTags({ client: kms }, { KeyId: keyId })) tags.push(...(page.Tags ?? []));
        return tagRecord(tags.map((tag) => ({ Key: tag.TagKey, Value: tag.TagValue })));
      },
    }),
  ]);
  // A key deleted between listing and reading is gone, not unreadable.
  const vanished = Object.values(errors).some((error) => error.code === 'NotFoundException');
  return vanished ? undefined : resource;
}
