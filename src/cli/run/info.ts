import { explainRule, ruleCatalog } from '../../docs/rule-catalog.js';
import { scanningCosts } from '../../scanners/operations.js';
import { loadRuleMetadata, loadRuleMetaSet } from '../../pipeline/policies.js';
import { UsageError } from '../../pipeline/errors.js';
import { closest } from '../../policy/glob.js';
import { loadPolicy } from '../../policy/loader.js';
import { PolicyError, type PolicyIssue, type ResolvedPolicy } from '../../policy/types.js';
import { resourceTypes } from '../../scanners/resource-types.js';
import { builtinRuleMetadata } from '../../rules/metadata.js';
import type { PolicyFlags } from '../options.js';
import type { DocsFlags, ValidatePolicyFlags } from '../commands/info.js';
import { writeTextOutput } from '../output.js';
import { colors } from '../colors.js';
import { print, writeRaw } from '../terminal.js';

// The information commands read the rules' metadata (written by the build), never their checks.

export async function explain(id: string, flags: PolicyFlags): Promise<number> {
  const ruleSet = await loadRuleMetaSet(flags.policy, flags.plugin);
  const all = [...ruleSet.rules, ...ruleSet.policies.flatMap((policy) => policy.customRules)];
  const rule = all.find((candidate) => candidate.id === id);
  if (!rule) {
    const hint = closest(id, all.map((candidate) => candidate.id));
    throw new UsageError(`unknown rule id "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}; \`squadguard rules\` lists them`);
  }
  const { markdownForTerminal } = await import('../markdown.js'); // marked loads only to explain a rule
  writeRaw('stdout', markdownForTerminal(explainRule(rule), colors('stdout')));
  return 0;
}

export async function validatePolicy(files: string[], flags: ValidatePolicyFlags): Promise<number> {
  // Each file on its own: every invalid file is reported, not only the first.
  const rules = await loadRuleMetadata(flags.plugin);
  const issues: PolicyIssue[] = [];
  for (const file of files) {
    let policy: ResolvedPolicy;
    try {
      policy = loadPolicy(file, { rules, resourceTypes });
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      issues.push(...error.issues);
      continue;
    }
    const enabled = [...policy.rules.values()].filter((setting) => setting.enabled).length;
    print(
      `${policy.file ?? file}: valid — policy "${policy.name}", ${enabled} rules enabled, ` +
        `${policy.customRules.length} custom, ${policy.exceptions.length} waivers (${policy.digest})\n`,
    );
  }
  if (issues.length > 0) throw new PolicyError(issues);
  return 0;
}

export async function docs(flags: DocsFlags): Promise<number> {
  writeTextOutput(ruleCatalog(await builtinRuleMetadata(), await scanningCosts()), flags.output);
  return 0;
}
