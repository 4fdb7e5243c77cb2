import { describe, expect, it } from 'vitest';
import { readValidReport, runCli, tempDir } from '../support/cli.js';

/** Finding messages and access tables read right: the demo through the built CLI. */
describe('messages read right (demo inventory, organization directory)', () => {
  it('no empty access label, no repeated phrase, passes that do not read like violations, * kept as *', async () => {
    const dir = tempDir();
    const run = await runCli(['evaluate', '--inventory', 'examples/demo-inventory.json', '--directory', 'examples/organization-accounts.yaml', '--output-dir', dir, '--format', 'json,html', '--exit-zero']);
    expect(run.code, run.stderr).toBe(0);
    const report = readValidReport(dir);
    const messages = report.findings.map((finding) => finding.message);
    expect(messages.filter((message) => / {2}/.test(message))).toEqual([]);
    // The grant messages say each thing once: no three-word phrase twice ("… to anyone (no condition):
    // granted to anyone (no condition)" was the symptom).
    const repeated = (message: string): boolean => {
      // Access levels may be listed twice on purpose (what the grant holds, what exceeds the flow).
      const words = (message.toLowerCase().match(/[\w'-]+/g) ?? []).filter((word) => !['list', 'read', 'write', 'permissions', 'management', 'tagging'].includes(word));
      const seen = new Set<string>();
      for (let i = 0; i + 3 <= words.length; i++) {
        const phrase = words.slice(i, i + 3).join(' ');
        if (seen.has(phrase)) return true;
        seen.add(phrase);
      }
      return false;
    };
    expect(repeated('statement "PublicRead" grants Read to anyone (no condition): granted to anyone (no condition)')).toBe(true);
    expect(repeated('statement #0 grants Read to anyone: no condition narrows the principal "*" to an account')).toBe(false);
    expect(report.findings.filter((finding) => finding.ruleId.startsWith('isolation-') && repeated(finding.message)).map((finding) => finding.message)).toEqual([]);
    expect(messages).toContain('statement "PublicRead" grants Read to anyone: no condition narrows the principal "*" to an account or the organization');

    const isolationPasses = report.findings.filter((finding) => finding.ruleId.startsWith('isolation-') && finding.status === 'pass');
    expect(isolationPasses.length).toBeGreaterThan(0);
    for (const finding of isolationPasses) {
      // A pass leads with what passing means for the rule, never with the grant itself.
      expect(finding.message, finding.ruleId).not.toMatch(/^statement /);
      expect(finding.message, finding.ruleId).toMatch(/^(inside the organization|an allowed partner|within the squad|shared with the platform|not another squad's account|not an organization-wide grant|allowed by the flow matrix|not a grant inside one squad|the policy grants nothing to other accounts)\b/);
    }

    // The admin role trusted by the tooling account conveys every action: `*`, not 22,091 names.
    const admin = report.accessMap?.edges.find((edge) => edge.resource.name === 'claims-fraud-admin');
    expect(admin?.actions).toEqual(['*']);
    expect(admin?.actionCount).toBeGreaterThan(10_000);
    const table = await runCli(['access-map', '--report', `${dir}/squadguard-report.json`]);
    expect(table.code, table.stderr).toBe(0);
    const line = table.stdout.split('\n').find((row) => row.includes('role/claims-fraud-admin')) ?? '';
    expect(line).toMatch(/ \* \([\d,]+ actions\)$/);
    expect(table.stdout).not.toContain('a2c:');
    const html = (await import('node:fs')).readFileSync(`${dir}/squadguard-report.html`, 'utf8');
    expect(html).toMatch(/<td><code>\* \([\d,]+ actions\)<\/code><\/td>/);
  });
});
