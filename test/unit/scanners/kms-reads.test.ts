/**
 * The KMS scanner's reads against stubbed answers: DescribeKey decides which reads apply, "not applicable"
 * and "not configured" are data, a key deleted mid-scan is left out, and the model is fully covered.
 */
import { describe, expect, it } from 'vitest';
import type { AttributeOf } from '../../../src/model/resource.js';
import { kmsScanner } from '../../../src/scanners/kms.js';
import { awsError, planOf, stubScan, type Answer } from './stub-sdk.js';

const KEY = 'aws.kms.key';
const arn = (id: string) => `arn:aws:kms:us-east-1:123456789012:key/${id}`;
const metadata = (id: string, manager: 'CUSTOMER' | 'AWS') => ({
  KeyId: id,
  KeyState: 'Enabled',
  KeySpec: 'SYMMETRIC_DEFAULT',
  KeyUsage: 'ENCRYPT_DECRYPT',
  Origin: 'AWS_KMS',
  KeyManager: manager,
  MultiRegion: false,
  Description: '',
});

function answers(overrides: Record<string, (input: Record<string, unknown>) => Record<string, unknown>> = {}): Answer {
  return (operation, input) => {
    const override = overrides[operation];
    if (override) return override(input);
    if (operation === 'KMS.ListKeys') return { Keys: [{ KeyId: 'mine', KeyArn: arn('mine') }, { KeyId: 'aws', KeyArn: arn('aws') }] };
    if (operation === 'KMS.DescribeKey') return { KeyMetadata: metadata(String(input.KeyId), input.KeyId === 'aws' ? 'AWS' : 'CUSTOMER') };
    if (operation === 'KMS.GetKeyRotationStatus') return { KeyRotationEnabled: true, RotationPeriodInDays: 365 };
    if (operation === 'KMS.GetKeyPolicy') return { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [] }) };
    throw new Error(`unexpected call ${operation}`);
  };
}

const byName = <R extends { name: string }>(resources: R[]): Record<string, R | undefined> => Object.fromEntries(resources.map((resource) => [resource.name, resource]));

describe('KMS reads', () => {
  it('rotation is read only for the customer-managed key; the AWS-managed key gets null without a call', async () => {
    const { inventory, calls } = await stubScan({ scanner: kmsScanner, plan: planOf({ [KEY]: ['rotation'] }), answer: answers() });
    expect(inventory.apiCalls).toEqual({ 'KMS.ListKeys': 1, 'KMS.DescribeKey': 2, 'KMS.GetKeyRotationStatus': 1 });
    expect(calls.find((call) => call.operation === 'KMS.GetKeyRotationStatus')?.input).toEqual({ KeyId: 'mine' });
    const keys = byName(inventory.resources);
    expect(keys.mine?.data.rotation).toEqual({ enabled: true, rotationPeriodInDays: 365 });
    expect(keys.aws?.data.rotation).toBeNull();
    expect(keys.aws?.data.keyManager).toBe('AWS');
  });

  it('a key that changed state since DescribeKey has no rotation (not configured), not an error', async () => {
    const { inventory } = await stubScan({
      scanner: kmsScanner,
      plan: planOf({ [KEY]: ['rotation'] }),
      answer: answers({
        'KMS.GetKeyRotationStatus': () => {
          throw awsError('KMSInvalidStateException');
        },
      }),
    });
    const keys = byName(inventory.resources);
    expect(keys.mine?.data.rotation).toBeNull();
    expect(keys.mine?.errors).toEqual({});
  });

  it('AccessDenied on the policy is that attribute\'s error only', async () => {
    const { inventory } = await stubScan({
      scanner: kmsScanner,
      plan: planOf({ [KEY]: ['policy', 'rotation'] }),
      answer: answers({
        'KMS.GetKeyPolicy': () => {
          throw awsError('AccessDeniedException', 400, 'no policy for you');
        },
      }),
    });
    const keys = byName(inventory.resources);
    expect(keys.mine?.errors).toEqual({ policy: { code: 'AccessDeniedException', message: 'no policy for you', operation: 'KMS.GetKeyPolicy', httpStatus: 400 } });
    expect(keys.mine?.data.rotation).toEqual({ enabled: true, rotationPeriodInDays: 365 });
    expect(keys.aws?.data.policy).toBeNull(); // AWS owns it: not read, not an error
  });

  it('a key deleted since ListKeys is left out, whether DescribeKey or a later read says so', async () => {
    for (const gone of ['KMS.DescribeKey', 'KMS.GetKeyPolicy']) {
      const { inventory } = await stubScan({
        scanner: kmsScanner,
        plan: planOf({ [KEY]: ['policy'] }),
        answer: answers({
          [gone]: (input) => {
            if (input.KeyId === 'mine') throw awsError('NotFoundException');
            return gone === 'KMS.DescribeKey' ? { KeyMetadata: metadata('aws', 'AWS') } : {};
          },
        }),
      });
      expect(inventory.resources.map((resource) => resource.name), gone).toEqual(['aws']);
      expect(inventory.errors).toEqual([]);
    }
  });

  it('without DescribeKey nothing the plan needs is known: each needed attribute carries its error', async () => {
    const { inventory, calls } = await stubScan({
      scanner: kmsScanner,
      plan: planOf({ [KEY]: ['keyState', 'rotation'] }),
      answer: answers({
        'KMS.DescribeKey': () => {
          throw awsError('AccessDeniedException');
        },
      }),
    });
    expect(calls.map((call) => call.operation).filter((operation) => operation !== 'KMS.DescribeKey')).toEqual(['KMS.ListKeys']);
    for (const key of inventory.resources) {
      expect(Object.keys(key.errors).sort()).toEqual(['keyState', 'rotation']);
      expect(key.data).toEqual({});
    }
  });

  it('aliases come from one ListAliases per region and name the key', async () => {
    const { inventory } = await stubScan({
      scanner: kmsScanner,
      plan: planOf({ [KEY]: ['aliases'] }),
      answer: answers({
        'KMS.ListAliases': (input) =>
          input.Marker === undefined
            ? { Aliases: [{ AliasName: 'alias/data', TargetKeyId: 'mine' }], NextMarker: 'm2' }
            : { Aliases: [{ AliasName: 'alias/aws/s3', TargetKeyId: 'aws' }] },
      }),
    });
    expect(inventory.apiCalls['KMS.ListAliases']).toBe(2);
    expect(inventory.resources.map((resource) => [resource.name, resource.data.aliases]).sort()).toEqual([
      ['alias/aws/s3', ['alias/aws/s3']],
      ['alias/data', ['alias/data']],
    ]);
  });

  it('every attribute of the KMS model has a reader', () => {
    // Typed as every attribute: a model field added without an entry here does not compile.
    const model: Record<AttributeOf<'aws.kms.key'>, true> = {
      keyId: true,
      keyState: true,
      keySpec: true,
      keyUsage: true,
      origin: true,
      keyManager: true,
      multiRegion: true,
      description: true,
      creationDate: true,
      deletionDate: true,
      rotation: true,
      policy: true,
      aliases: true,
      tags: true,
    };
    expect(Object.keys(kmsScanner.costs?.[KEY]?.attributes ?? {}).sort()).toEqual(Object.keys(model).sort());
  });
});
