import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { Finding, FindingStatus, Severity } from '../model/finding.js';
import { clip } from '../text/inert.js';

/**
 * squadguard findings → AWS Security Finding Format (ASFF), for a custom integration: the hub account's
 * default product ARN. AWS accepts findings of the default product only with `AwsAccountId` = the account
 * that calls BatchImportFindings (the hub account), so the scanned account travels in the resource ARN and
 * in `ProductFields` (`squadguard/AccountId`). Every text field is clipped to its documented maximum so a
 * long message cannot get a finding rejected.
 */

export const ASFF_SCHEMA_VERSION = '2018-10-08';
/** ProductFields key (and value) that marks a finding as squadguard's among the account's custom findings. */
export const TOOL_FIELD = 'squadguard/Tool';
export const ACCOUNT_FIELD = 'squadguard/AccountId';
export const REGION_FIELD = 'squadguard/Region';
/** Note.UpdatedBy of the notes squadguard writes: only workflow states squadguard set are changed by it. */
export const NOTE_AUTHOR = 'squadguard';

/** Documented limits (ASFF syntax; BatchImportFindings): characters per field, bytes per finding. */
export const LIMITS = {
  id: 512,
  generatorId: 512,
  title: 256,
  description: 1024,
  recommendationText: 512,
  url: 1024,
  note: 512,
  productFieldValue: 2048,
  resourceId: 512,
  findingBytes: 240 * 1024,
} as const;

const SEVERITY_LABEL: Record<Severity, 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL'> = {
  info: 'INFORMATIONAL',
  low: 'LOW',
  medium: 'MEDIUM',
  high: 'HIGH',
  critical: 'CRITICAL',
};

export type ComplianceStatus = 'PASSED' | 'FAILED' | 'WARNING' | 'NOT_AVAILABLE';
export type WorkflowStatus = 'NEW' | 'NOTIFIED' | 'RESOLVED' | 'SUPPRESSED';

/**
 * Check result → Compliance.Status. A waived finding still violates the guardrail (FAILED; its workflow is
 * SUPPRESSED). An `error` is never PASSED: NOT_AVAILABLE when an AWS call failed, WARNING when the check
 * could not run for this configuration (the inventory did not collect what the rule needs).
 */
export function complianceStatus(finding: Pick<Finding, 'status' | 'message'>): ComplianceStatus {
  const byStatus: Record<FindingStatus, ComplianceStatus> = { pass: 'PASSED', fail: 'FAILED', waived: 'FAILED', error: 'NOT_AVAILABLE' };
  if (finding.status === 'error' && /was not collected|holds no collection/.test(finding.message) && !/could not be read/.test(finding.message)) {
    return 'WARNING';
  }
  return byStatus[finding.status];
}

/** The workflow status a finding should have in Security Hub, as squadguard sees it. */
export function workflowStatus(status: FindingStatus): WorkflowStatus {
  if (status === 'waived') return 'SUPPRESSED';
  if (status === 'pass') return 'RESOLVED';
  return 'NEW';
}

/** The note a waived finding carries: who accepted the risk, why, until when. */
export function waiverNote(finding: Finding): string | undefined {
  const waiver = finding.waiver;
  if (!waiver) return undefined;
  return clip(`Waived by ${waiver.owner} until ${waiver.expires} (policy ${waiver.policy}): ${waiver.reason}`, LIMITS.note - 30);
}

const RESOURCE_TYPES: Record<string, string> = {
  'aws.s3.bucket': 'AwsS3Bucket',
  'aws.s3.account': 'AwsAccount',
  'aws.kms.key': 'AwsKmsKey',
  'aws.ec2.vpc': 'AwsEc2Vpc',
  'aws.ec2.subnet': 'AwsEc2Subnet',
  'aws.ec2.security-group': 'AwsEc2SecurityGroup',
  'aws.ec2.volume': 'AwsEc2Volume',
  'aws.ec2.instance': 'AwsEc2Instance',
  'aws.ec2.region-settings': 'AwsAccount',
  'aws.iam.role': 'AwsIamRole',
  'aws.iam.user': 'AwsIamUser',
  'aws.iam.group': 'AwsIamGroup',
  'aws.iam.policy': 'AwsIamPolicy',
  'aws.iam.account': 'AwsAccount',
  'aws.iam.root': 'AwsAccount',
  'aws.sagemaker.notebook-instance': 'AwsSageMakerNotebookInstance',
};

export interface AsffContext {
  /** The hub: region and account the findings are imported into. */
  region: string;
  accountId: string;
  partition: string;
  /** ISO time of this import (UpdatedAt; CreatedAt of new findings). */
  now: string;
  toolVersion: string;
}

export function productArn(context: Pick<AsffContext, 'partition' | 'region' | 'accountId'>): string {
  return `arn:${context.partition}:securityhub:${context.region}:${context.accountId}:product/${context.accountId}/default`;
}

/** One squadguard finding as an ASFF finding for BatchImportFindings (`previous`: the hub already holds it). */
export function toAsff(finding: Finding, context: AsffContext, previous?: Pick<AwsSecurityFinding, 'CreatedAt' | 'FirstObservedAt'>): AwsSecurityFinding {
  const { resource } = finding;
  const region = /^[a-z]{2}(-[a-z]+)+-\d+$/.test(resource.region) ? resource.region : undefined;
  const docs = (finding.references.docs ?? []).filter((url) => /^https:\/\//.test(url) && url.length <= LIMITS.url);
  const fsbp = finding.references.fsbp ?? [];
  const cis = finding.references.cis ?? [];
  const productFields: Record<string, string> = {
    [TOOL_FIELD]: 'squadguard',
    'squadguard/Version': clip(context.toolVersion, 64),
    'squadguard/RuleId': clip(finding.ruleId, LIMITS.productFieldValue),
    'squadguard/Status': finding.status,
    'squadguard/ResourceType': clip(resource.type, 256),
    [ACCOUNT_FIELD]: clip(resource.accountId, 64),
    [REGION_FIELD]: clip(resource.region, 64),
    ...(finding.squad ? { 'squadguard/Squad': clip(finding.squad, 256) } : {}),
    ...(finding.accountType ? { 'squadguard/AccountType': clip(finding.accountType, 256) } : {}),
    ...(finding.path ? { 'squadguard/Path': clip(finding.path, 1024) } : {}),
    ...(finding.waiver ? { 'squadguard/WaiverOwner': clip(finding.waiver.owner, 256), 'squadguard/WaiverExpires': finding.waiver.expires } : {}),
    ...(fsbp.length > 0 ? { 'squadguard/FSBP': clip(fsbp.join(','), 1024) } : {}),
    ...(cis.length > 0 ? { 'squadguard/CIS': clip(cis.join(','), 1024) } : {}),
  };
  const types = ['Software and Configuration Checks/AWS Security Best Practices'];
  if (cis.length > 0) types.push('Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark');
  const note = waiverNote(finding);
  const userDefined: Record<string, string> = {
    ...(finding.squad ? { squad: clip(finding.squad, 256) } : {}),
    ...(finding.accountType ? { accountType: clip(finding.accountType, 256) } : {}),
  };
  const asff: AwsSecurityFinding = {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: clip(finding.fingerprint, LIMITS.id),
    ProductArn: productArn(context),
    GeneratorId: clip(finding.ruleId, LIMITS.generatorId),
    AwsAccountId: context.accountId,
    Types: types,
    CreatedAt: previous?.CreatedAt ?? context.now,
    UpdatedAt: context.now,
    FirstObservedAt: previous?.FirstObservedAt ?? context.now,
    LastObservedAt: context.now,
    Severity: { Label: SEVERITY_LABEL[finding.severity], Original: finding.severity },
    Title: clip(finding.title, LIMITS.title - 30),
    Description: clip(`${finding.message} (${resource.arn})`, LIMITS.description - 30),
    Remediation: {
      Recommendation: {
        Text: clip(finding.remediation, LIMITS.recommendationText - 30),
        ...(docs[0] ? { Url: docs[0] } : {}),
      },
    },
    ProductFields: productFields,
    Resources: [
      {
        Type: RESOURCE_TYPES[resource.type] ?? 'Other',
        Id: clip(resource.arn, LIMITS.resourceId - 30),
        Partition: partitionOf(resource.arn, context.partition),
        ...(region ? { Region: region } : {}),
        Details: { Other: { name: clip(resource.name, 1024), accountId: clip(resource.accountId, 64), squadguardType: clip(resource.type, 256) } },
      },
    ],
    Compliance: {
      Status: complianceStatus(finding),
      ...(fsbp.length > 0 ? { RelatedRequirements: fsbp.slice(0, 32).map((id) => clip(`AWS Foundational Security Best Practices/${id}`, 128)) } : {}),
    },
    RecordState: 'ACTIVE',
  };
  // Workflow, Note and UserDefinedFields belong to the customer once a finding exists (BatchImportFindings
  // ignores them on updates): set them on creation only; later changes go through BatchUpdateFindings.
  if (previous) return asff;
  return {
    ...asff,
    Workflow: { Status: workflowStatus(finding.status) },
    ...(note ? { Note: { Text: note, UpdatedBy: NOTE_AUTHOR, UpdatedAt: context.now } } : {}),
    ...(Object.keys(userDefined).length > 0 ? { UserDefinedFields: userDefined } : {}),
  };
}

function partitionOf(arn: string, fallback: string): 'aws' | 'aws-cn' | 'aws-us-gov' {
  const partition = /^arn:([a-z-]+):/.exec(arn)?.[1] ?? fallback;
  return partition === 'aws-cn' || partition === 'aws-us-gov' ? partition : 'aws';
}

/** Fields BatchImportFindings requires (ASFF: "Required top-level attributes"). */
export const REQUIRED_FIELDS = [
  'AwsAccountId',
  'CreatedAt',
  'Description',
  'GeneratorId',
  'Id',
  'ProductArn',
  'Resources',
  'SchemaVersion',
  'Severity',
  'Title',
  'Types',
  'UpdatedAt',
] as const;

/**
 * What Security Hub would reject in a finding, checked before sending: required fields, their documented
 * shapes and limits, the 240 KB size. Empty when the finding is acceptable.
 */
export function asffProblems(finding: AwsSecurityFinding): string[] {
  const problems: string[] = [];
  const record = finding as unknown as Record<string, unknown>;
  for (const field of REQUIRED_FIELDS) {
    const value = record[field];
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) problems.push(`${field} is missing`);
  }
  if (finding.AwsAccountId !== undefined && !/^\d{12}$/.test(finding.AwsAccountId)) problems.push('AwsAccountId is not a 12-digit account id');
  if (finding.SchemaVersion !== undefined && finding.SchemaVersion !== ASFF_SCHEMA_VERSION) problems.push(`SchemaVersion is not ${ASFF_SCHEMA_VERSION}`);
  if (finding.ProductArn !== undefined && !/^arn:aws(-cn|-us-gov)?:securityhub:[a-z0-9-]+:\d{12}:product\/[^/]+\/[^/]+$/.test(finding.ProductArn)) {
    problems.push('ProductArn is not a Security Hub product ARN');
  }
  for (const field of ['CreatedAt', 'UpdatedAt', 'FirstObservedAt', 'LastObservedAt'] as const) {
    const value = finding[field];
    if (value !== undefined && (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value) || Number.isNaN(Date.parse(value)))) {
      problems.push(`${field} is not an ISO 8601 timestamp`);
    }
  }
  if (finding.Severity && !finding.Severity.Label && finding.Severity.Normalized === undefined) problems.push('Severity needs a Label');
  if ((finding.Types ?? []).some((type) => type.split('/').length > 3 || type.length === 0)) problems.push('Types must be namespace/category/classifier');
  const lengths: Array<[string, string | undefined, number]> = [
    ['Id', finding.Id, LIMITS.id],
    ['GeneratorId', finding.GeneratorId, LIMITS.generatorId],
    ['Title', finding.Title, LIMITS.title],
    ['Description', finding.Description, LIMITS.description],
    ['Remediation.Recommendation.Text', finding.Remediation?.Recommendation?.Text, LIMITS.recommendationText],
    ['Note.Text', finding.Note?.Text, LIMITS.note],
  ];
  for (const [name, value, max] of lengths) if (value !== undefined && value.length > max) problems.push(`${name} is longer than ${max} characters`);
  for (const resource of finding.Resources ?? []) {
    if (!resource.Type || !resource.Id) problems.push('every resource needs Type and Id');
  }
  if (Object.keys(finding.ProductFields ?? {}).length > 50) problems.push('ProductFields has more than 50 entries');
  for (const value of Object.values(finding.ProductFields ?? {})) {
    if (value.length > LIMITS.productFieldValue) problems.push(`a ProductFields value is longer than ${LIMITS.productFieldValue} characters`);
  }
  if (Buffer.byteLength(JSON.stringify(finding)) > LIMITS.findingBytes) problems.push('the finding is larger than 240 KB');
  return problems;
}
