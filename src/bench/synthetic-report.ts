import { fingerprint } from '../engine/fingerprint.js';
import { type Finding, type FindingStatus, type Severity } from '../model/finding.js';
import { REPORT_SCHEMA_VERSION, type Report, type WaiverState } from '../model/report.js';
import { summarise } from '../engine/report.js';

/** A large, realistic-looking report for renderer benchmarks and browser tests (deterministic). */
export interface SyntheticOptions {
  findings: number;
  accounts?: number;
  /** Text spliced into resource names, messages, evidence, squads and waiver reasons (e.g. an XSS payload). */
  payload?: string;
  withBaseline?: boolean;
  seed?: number;
}

const RULES: Array<{ id: string; severity: Severity; type: string; title: string; docs: string }> = [
  { id: 's3-bucket-kms-encryption', severity: 'high', type: 'aws.s3.bucket', title: 'S3 buckets encrypt data at rest with KMS keys', docs: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html' },
  { id: 's3-bucket-policy-not-public', severity: 'critical', type: 'aws.s3.bucket', title: 'S3 bucket policies grant nothing to everyone', docs: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html' },
  { id: 's3-bucket-versioning-enabled', severity: 'medium', type: 'aws.s3.bucket', title: 'S3 buckets keep object versions', docs: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html' },
  { id: 's3-bucket-access-logging-enabled', severity: 'low', type: 'aws.s3.bucket', title: 'S3 buckets log server access', docs: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html' },
  { id: 'kms-key-rotation-enabled', severity: 'medium', type: 'aws.kms.key', title: 'KMS customer keys rotate yearly', docs: 'https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html' },
  { id: 'ec2-security-group-no-open-ingress', severity: 'high', type: 'aws.ec2.security-group', title: 'Security groups allow no ingress from 0.0.0.0/0', docs: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html' },
  { id: 'iam-role-no-admin', severity: 'critical', type: 'aws.iam.role', title: 'IAM roles are not administrators', docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html' },
  { id: 'sagemaker-notebook-no-direct-internet', severity: 'high', type: 'aws.sagemaker.notebook-instance', title: 'SageMaker notebooks have no direct internet access', docs: 'https://docs.aws.amazon.com/sagemaker/latest/dg/appendix-notebook-and-internet-access.html' },
  { id: 'sagemaker-endpoint-kms', severity: 'info', type: 'aws.sagemaker.endpoint-config', title: 'SageMaker endpoint configs encrypt volumes with KMS', docs: 'https://docs.aws.amazon.com/sagemaker/latest/dg/encryption-at-rest.html' },
];
const SQUADS = ['vision', 'ranking', 'speech', 'forecasting', 'nlp', 'fraud'];
const TYPES = ['modeling', 'tooling', 'serving-nonprod', 'serving-prod'];
const REGIONS = ['eu-west-1', 'us-east-1', 'eu-central-1'];

function prng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

export function syntheticReport(options: SyntheticOptions): Report {
  const random = prng(options.seed ?? 42);
  const payload = options.payload ?? '';
  const accountCount = options.accounts ?? 40;
  const targets = Array.from({ length: accountCount }, (_, i) => ({
    accountId: String(100000000000 + i * 7919),
    name: `${SQUADS[i % SQUADS.length]}-${TYPES[i % TYPES.length]}${payload && i === 0 ? payload : ''}`,
    squad: `${SQUADS[i % SQUADS.length]}${payload && i === 0 ? payload : ''}`,
    accountType: TYPES[i % TYPES.length]!,
    regions: REGIONS,
    policies: ['platform-baseline'],
  }));
  const findings: Finding[] = [];
  for (let n = 0; n < options.findings; n++) {
    const rule = RULES[n % RULES.length]!;
    const target = targets[Math.floor(random() * targets.length)]!;
    const region = rule.type.startsWith('aws.iam') ? 'global' : REGIONS[n % REGIONS.length]!;
    const name = `${rule.type.split('.')[2]}-${n.toString(36)}${payload && n % 97 === 0 ? payload : ''}`;
    const arn = `arn:aws:${rule.type.split('.')[1]}:${region === 'global' ? '' : region}:${target.accountId}:${rule.type.split('.')[2]}/${name}`;
    const roll = random();
    const status: FindingStatus = roll < 0.7 ? 'pass' : roll < 0.9 ? 'fail' : roll < 0.93 ? 'error' : 'waived';
    const finding: Finding = {
      fingerprint: fingerprint(rule.id, arn),
      ruleId: rule.id,
      title: rule.title,
      severity: rule.severity,
      status,
      resource: { arn, type: rule.type, accountId: target.accountId, region, name },
      squad: target.squad,
      accountType: target.accountType,
      message: status === 'pass' ? `${rule.title}: holds` : status === 'error' ? 'AccessDenied reading the attribute this check needs' : `${rule.title}: violated${payload && n % 97 === 0 ? ` by ${payload}` : ''}`,
      remediation: `Fix ${rule.id} in Terraform (see the rule's documentation).`,
      references: { docs: [rule.docs] },
    };
    if (status !== 'pass') {
      finding.path = 'data.setting';
      finding.evidence = { observed: status === 'error' ? null : 'disabled', tags: { team: target.squad, note: payload || 'none' } };
    }
    if (status === 'waived') {
      finding.waiver = { reason: `migration in progress${payload}`, owner: `${target.squad}-lead@example.com`, expires: '2026-12-31', daysToExpiry: 36, policy: 'platform-baseline' };
    }
    if (options.withBaseline && status !== 'pass') finding.baseline = random() < 0.15 ? 'new' : 'existing';
    findings.push(finding);
  }
  return assemble(targets, findings, options);
}

function assemble(targets: Report['targets'], findings: Finding[], options: SyntheticOptions): Report {
  const payload = options.payload ?? '';
  const waiver = (days: number, matched: number): WaiverState => ({
    policy: 'platform-baseline', rule: 's3-bucket-versioning-enabled', resources: [`arn:aws:s3:::scratch-*${payload}`],
    reason: `scratch data${payload}`, owner: 'platform@example.com', expires: days < 0 ? '2026-11-01' : '2026-12-01', daysToExpiry: days, matched,
  });
  const firstError = findings.find((f) => f.status === 'error');
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'squadguard', version: '0.1.0' },
    policies: [{ name: 'platform-baseline', source: 'pack:platform-baseline', digest: 'sha256:0f1e2d3c' }],
    startedAt: '2026-11-25T10:00:00.000Z',
    finishedAt: '2026-11-25T10:04:12.500Z',
    targets,
    summary: summarise(findings, firstError !== undefined),
    rules: RULES.map((r) => ({ id: r.id, title: r.title, severity: r.severity, resourceType: r.type, remediation: `Fix ${r.id} in Terraform (see the rule's documentation).`, references: { docs: [r.docs] }, source: 'built-in' })),
    findings,
    ...(options.withBaseline
      ? {
          baseline: { source: 'reports/previous/squadguard-report.json', finishedAt: '2026-11-24T10:03:00.000Z' },
          resolved: findings.filter((f) => f.status === 'pass').slice(0, 25).map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, title: f.title, severity: f.severity, resource: f.resource })),
        }
      : {}),
    collectionErrors: firstError
      ? [{ code: 'AccessDenied', message: `not authorized${payload}`, operation: 'S3.GetBucketPolicy', httpStatus: 403, accountId: firstError.resource.accountId, region: firstError.resource.region, resourceArn: firstError.resource.arn, attribute: 'policy' }]
      : [],
    waivers: { applied: [waiver(36, 3)], expired: [waiver(-24, 1)], stale: [waiver(6, 0)], expiringSoon: [waiver(6, 0)], warningDays: 14 },
    apiCalls: { 'S3.ListBuckets': targets.length, 'S3.GetBucketEncryption': Math.round(findings.length / 9) },
    throttles: {},
    notes: [],
  };
}

