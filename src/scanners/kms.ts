import type { KeyListEntry, KeyMetadata } from '@aws-sdk/client-kms';
import { KMS_KEY_METADATA, type KmsKeyData } from '../model/kms.js';
import { parsePolicyDocument } from '../model/policy-document.js';
import type { AnyResource, CollectionError } from '../model/resource.js';
import { tagRecord } from './attributes.js';
import { list, listOperation, listOrFail } from './list.js';
import { attempt, attributeOperations, call, fillFrom, paged, readAttributes, readShared, shared, sharedOperation, table, type Outcome } from './reads.js';
import { newResource } from './resource.js';
import { defineScanner, needs, type ScannerContext, type TypeCosts } from './scanner.js';
import { operationOf, sender } from './sdk.js';
import { sdkPackage } from '../aws/sdk-packages.js';

const {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
} = sdkPackage('@aws-sdk/client-kms');

const KEY = 'aws.kms.key';


type Metadata = Pick<KmsKeyData, (typeof KMS_KEY_METADATA)[number]>;

/** A key being read: its listed id and what DescribeKey said about it. */
interface KeySubject {
  keyId: string;
  metadata: Metadata;
}

/** An empty answer where the API promises a value: an error, never a guess. */
function emptyResponse(message: string): Error {
  return Object.assign(new Error(message), { name: 'EmptyResponse' });
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

function toMetadata(metadata: KeyMetadata, keyId: string): Metadata {
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

const keys = list('KMS', ListKeysCommand, { input: () => ({}), inputToken: 'Marker', outputToken: 'NextMarker', items: (page) => page.Keys });

/** Every alias of the region in one paginated call, grouped by target key id. */
const aliases = shared(
  'KMS',
  paged(ListAliasesCommand, {
    input: () => ({}),
    inputToken: 'Marker',
    outputToken: 'NextMarker',
    items: (page) => page.Aliases,
    map: (entries) => {
      const byKey = new Map<string, string[]>();
      for (const alias of entries) {
        if (!alias.TargetKeyId || !alias.AliasName) continue;
        byKey.set(alias.TargetKeyId, [...(byKey.get(alias.TargetKeyId) ?? []), alias.AliasName]);
      }
      return byKey;
    },
  }),
);

/** The key's identity: which keys are AWS-managed decides every other read. */
const describeKey = call(DescribeKeyCommand, {
  input: (keyId: string) => ({ KeyId: keyId }),
  map: (answer, keyId) => {
    if (!answer.KeyMetadata) throw emptyResponse('DescribeKey answered no KeyMetadata');
    return toMetadata(answer.KeyMetadata, keyId);
  },
});

const customer = (key: KeySubject): boolean => key.metadata.keyManager === 'CUSTOMER';

const keyReads = table<typeof KEY, KeySubject>({
  type: KEY,
  service: 'KMS',
  // A key deleted between listing and reading is gone, not unreadable.
  gone: ['NotFoundException'],
  reads: {
    rotation: call(GetKeyRotationStatusCommand, {
      input: (key) => ({ KeyId: key.keyId }),
      map: (answer) => ({ enabled: answer.KeyRotationEnabled ?? false, rotationPeriodInDays: answer.RotationPeriodInDays ?? null }),
      applies: (key) => rotationApplies(key.metadata),
      // A key that changed state since DescribeKey: rotation no longer applies to it.
      notConfigured: ['KMSInvalidStateException'],
    }),
    // AWS owns the policies of AWS-managed keys (not read).
    policy: call(GetKeyPolicyCommand, {
      input: (key) => ({ KeyId: key.keyId, PolicyName: 'default' }),
      map: (answer) => {
        if (!answer.Policy) throw emptyResponse('GetKeyPolicy answered no policy');
        return parsePolicyDocument(answer.Policy);
      },
      applies: customer,
    }),
    // AWS-managed keys carry no tags.
    tags: paged(ListResourceTagsCommand, {
      input: (key) => ({ KeyId: key.keyId }),
      inputToken: 'Marker',
      outputToken: 'NextMarker',
      items: (page) => page.Tags,
      map: (tags) => tagRecord(tags.map((tag) => ({ Key: tag.TagKey, Value: tag.TagValue }))),
      applies: customer,
      notApplicable: {},
    }),
  },
});

const describeOperation = operationOf('KMS', DescribeKeyCommand);
const costs: Record<string, TypeCosts> = {
  [KEY]: {
    list: [listOperation(keys), describeOperation],
    attributes: {
      ...Object.fromEntries(KMS_KEY_METADATA.map((attribute) => [attribute, [describeOperation]])),
      aliases: [sharedOperation(aliases)],
      ...attributeOperations(keyReads),
    },
  },
};

/**
 * KMS is regional: one ListKeys (paginated) and one ListAliases per region, then per key one DescribeKey
 * (the key's identity: which keys are AWS-managed decides every other read) and, only when the plan needs
 * them, GetKeyRotationStatus (symmetric customer-managed keys with KMS key material), GetKeyPolicy and
 * ListResourceTags (customer-managed keys: AWS owns the others' policies and they carry no tags).
 */
export const kmsScanner = defineScanner({
  service: 'kms',
  scope: 'regional',
  costs,
  async scan(context) {
    const { region, plan } = context;
    if (!plan.has(KEY)) return;
    const listed = await listOrFail(context, keys, [KEY]);
    if (!listed || listed.length === 0) return;
    // Only asked for when there are keys, but not waited for before describing them: it is in flight meanwhile.
    const aliasRead = needs(plan, KEY, 'aliases') ? readShared(context, aliases, region) : undefined;
    await Promise.all(
      listed.map((entry) =>
        context.limit(async () => {
          const resource = await scanKey(context, entry, aliasRead);
          if (resource) context.emit(resource);
        }),
      ),
    );
  },
});

async function scanKey(
  context: ScannerContext,
  entry: KeyListEntry,
  aliasRead: Promise<Outcome<Map<string, string[]>>> | undefined,
): Promise<AnyResource | undefined> {
  const keyId = entry.KeyId;
  if (!keyId || !entry.KeyArn) return undefined;
  const resource = newResource(context, KEY, { arn: entry.KeyArn, name: keyId });

  const described = await attempt(sender(context.clients, 'KMS', context.region), describeKey, keyId, keyReads.gone);
  if ('gone' in described) return undefined; // deleted since ListKeys
  if (aliasRead) {
    fillFrom(resource, 'aliases', await aliasRead, (byKey) => byKey.get(keyId) ?? []);
    const [first] = (resource.data.aliases as string[] | undefined) ?? [];
    if (first) resource.name = first;
  }
  if ('error' in described) {
    // Without the metadata nothing else about the key can be judged (nor is it known which reads apply).
    const errors = resource.errors as Record<string, CollectionError>;
    for (const attribute of [...KMS_KEY_METADATA, 'rotation', 'policy', 'tags']) {
      if (needs(context.plan, KEY, attribute)) errors[attribute] = described.error;
    }
    return resource;
  }
  Object.assign(resource.data, described.value);
  const read = await readAttributes(context, resource, keyReads, { keyId, metadata: described.value });
  return read === 'gone' ? undefined : resource;
}
