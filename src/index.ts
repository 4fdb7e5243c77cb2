/** squadguard's library API: the pipeline stages as plain functions over plain data. */
export * from './model/index.js';
export type { Report, ReportView, FindingList, ReportCollectionError, ReportGate, ReportRule } from './model/report.js';
export { defineRule, pass, fail, error, notApplicable, builtinRules } from './rules/index.js';
export type { Rule, RuleMeta, Verdict, RuleContext, AccountView, AccountDirectory } from './rules/index.js';
export {
  evaluate,
  evaluateByAccount,
  inventorySource,
  type EvaluateOptions,
  type Evaluation,
  type InventorySource,
  type StreamedEvaluation,
} from './engine/evaluate.js';
export { buildReport, reportHeader, FindingTally } from './engine/report.js';
export { applyBaseline, BaselineComparison } from './engine/baseline.js';
export { FindingSpill } from './engine/finding-spill.js';
export { ResourceSpill } from './engine/resource-spill.js';
export { mergeReports, mergeReportsInto, type ReportPart } from './engine/merge.js';
export { openInventory, type InventoryDocument } from './pipeline/inventory-stream.js';
export { openReport, type ReportDocument } from './pipeline/report-stream.js';
export { decideGate, exitCodeFor, withGate, EXIT, type GateOptions } from './engine/exit-code.js';
export { describeCollectionErrors, flattenCollectionErrors } from './engine/collection-errors.js';
export { planFor } from './engine/plan.js';
export { collect, type CollectOptions } from './scanners/collect.js';
export type { AccountAccess } from './aws/accounts.js';
export { scannerRegistry, loadScanners, loadAllScanners, resourceTypes, type ScannerEntry } from './scanners/index.js';
export type { Scanner, ScannerContext, CollectionPlan } from './scanners/scanner.js';
export { ClientFactory, type AwsAccessOptions } from './aws/clients.js';
export { ApiMeter } from './aws/meter.js';
export { loadPolicy } from './policy/loader.js';
export { PolicyError, type ResolvedPolicy, type PolicyFile } from './policy/types.js';
export { loadRuleSet, enabledRules } from './pipeline/policies.js';
export { collectInventory, judge, judgeStreamed, readInventory, readReport } from './pipeline/scan.js';
export { formats } from './reporters/index.js';
export { ocsfFinding, OCSF_VERSION } from './reporters/ocsf.js';
export { toAsff, asffProblems, type AsffContext } from './integrations/asff.js';
export { sendToSecurityHub, type SecurityHubSinkOptions, type SinkResult, type SinkProblem } from './sinks/security-hub.js';
