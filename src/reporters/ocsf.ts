import type { Finding, FindingStatus, References, Severity } from '../model/finding.js';
import type { Report, ReportView } from '../model/report.js';

/**
 * OCSF 1.4.0 Detection Findings (class 2004), one per finding, as JSON Lines: what security data lakes
 * (Amazon Security Lake, Splunk, OpenSearch …) ingest line by line. Every evaluated check is written, passes
 * included, so a consumer sees a fix as the same `finding_info.uid` turning to `PASS`. The emitted shape is
 * pinned by `schemas/ocsf/detection_finding.schema.json` (derived from the OCSF schema, Apache-2.0).
 */
export const OCSF_VERSION = '1.4.0';

const CLASS_UID = 2004;
const CATEGORY_UID = 2;

/** OCSF severity_id: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical. */
const SEVERITY_ID: Record<Severity, { id: number; caption: string }> = {
  info: { id: 1, caption: 'Informational' },
  low: { id: 2, caption: 'Low' },
  medium: { id: 3, caption: 'Medium' },
  high: { id: 4, caption: 'High' },
  critical: { id: 5, caption: 'Critical' },
};

interface Lifecycle {
  activityId: number;
  activity: string;
  statusId: number;
  status: string;
  statusCode: string;
}

/**
 * Check result → finding lifecycle. A pass closes the finding (Resolved); a waiver suppresses it; an `error`
 * is never a pass: it stays open as status `Other` ("Undecided") with status_code ERROR.
 */
const LIFECYCLE: Record<FindingStatus, Lifecycle> = {
  fail: { activityId: 1, activity: 'Create', statusId: 1, status: 'New', statusCode: 'FAIL' },
  waived: { activityId: 1, activity: 'Create', statusId: 3, status: 'Suppressed', statusCode: 'WAIVED' },
  error: { activityId: 1, activity: 'Create', statusId: 99, status: 'Undecided', statusCode: 'ERROR' },
  pass: { activityId: 3, activity: 'Close', statusId: 4, status: 'Resolved', statusCode: 'PASS' },
};

export type OcsfDetectionFinding = Record<string, unknown>;

/** One finding as an OCSF Detection Finding. */
export function ocsfFinding(finding: Finding, report: Pick<Report, 'tool' | 'finishedAt'>): OcsfDetectionFinding {
  const time = Date.parse(report.finishedAt);
  const lifecycle = LIFECYCLE[finding.status];
  const severity = SEVERITY_ID[finding.severity];
  const { resource } = finding;
  const region = resource.region && resource.region !== 'global' ? resource.region : undefined;
  const account = /^\d{12}$/.test(resource.accountId) ? resource.accountId : undefined;
  const labels = [
    ...(finding.squad ? [`squad:${finding.squad}`] : []),
    ...(finding.accountType ? [`account-type:${finding.accountType}`] : []),
  ];
  const references = referenceUrls(finding.references);
  return {
    activity_id: lifecycle.activityId,
    activity_name: lifecycle.activity,
    category_uid: CATEGORY_UID,
    category_name: 'Findings',
    class_uid: CLASS_UID,
    class_name: 'Detection Finding',
    type_uid: CLASS_UID * 100 + lifecycle.activityId,
    type_name: `Detection Finding: ${lifecycle.activity}`,
    severity_id: severity.id,
    severity: severity.caption,
    status_id: lifecycle.statusId,
    status: lifecycle.status,
    status_code: lifecycle.statusCode,
    status_detail: finding.message,
    message: `${finding.title}: ${finding.message}`,
    is_alert: finding.status === 'fail',
    time: Number.isFinite(time) ? time : 0,
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'squadguard', vendor_name: 'squadguard', version: report.tool.version },
      profiles: ['cloud'],
      event_code: finding.ruleId,
      ...(labels.length > 0 ? { labels } : {}),
    },
    cloud: {
      provider: 'AWS',
      cloud_partition: partitionOfArn(resource.arn),
      ...(region ? { region } : {}),
      ...(account ? { account: { uid: account, type: 'AWS Account', type_id: 10 } } : {}),
    },
    finding_info: {
      uid: finding.fingerprint,
      title: finding.title,
      desc: finding.message,
      types: [finding.resource.type],
      analytic: { uid: finding.ruleId, name: finding.ruleId, type_id: 1, type: 'Rule', desc: finding.title },
      ...(references.length > 0 ? { src_url: references[0] } : {}),
      ...(Number.isFinite(time) ? { created_time: time, last_seen_time: time } : {}),
    },
    resources: [
      {
        uid: resource.arn,
        type: resource.type,
        name: resource.name,
        ...(region ? { region } : {}),
        ...(labels.length > 0 ? { labels } : {}),
      },
    ],
    remediation: { desc: finding.remediation, ...(references.length > 0 ? { references } : {}) },
    unmapped: unmapped(finding),
  };
}

/** What OCSF has no attribute for, kept under `unmapped` (squad, account type, waiver, compliance ids …). */
function unmapped(finding: Finding): Record<string, unknown> {
  return {
    compliance_status: finding.status.toUpperCase(),
    ...(finding.squad ? { squad: finding.squad } : {}),
    ...(finding.accountType ? { account_type: finding.accountType } : {}),
    account_id: finding.resource.accountId,
    ...(finding.path ? { path: finding.path } : {}),
    ...(finding.baseline ? { baseline: finding.baseline } : {}),
    ...(finding.waiver ? { waiver: finding.waiver } : {}),
    ...(finding.expiredWaiver ? { expired_waiver: finding.expiredWaiver } : {}),
    ...(finding.references.fsbp ? { fsbp: finding.references.fsbp } : {}),
    ...(finding.references.cis ? { cis: finding.references.cis } : {}),
    ...(finding.references.prowler ? { prowler: finding.references.prowler } : {}),
  };
}

function referenceUrls(references: References): string[] {
  return (references.docs ?? []).filter((url) => /^https?:\/\//.test(url));
}

function partitionOfArn(arn: string): string {
  const partition = /^arn:([a-z-]+):/.exec(arn)?.[1];
  return partition ?? 'aws';
}

/** JSON Lines: one Detection Finding per line, written without holding the whole output. */
export function* ocsfChunks(report: ReportView): Generator<string> {
  for (const finding of report.findings) yield `${JSON.stringify(ocsfFinding(finding, report))}\n`;
}

export function renderOcsf(report: ReportView): string {
  return [...ocsfChunks(report)].join('');
}
