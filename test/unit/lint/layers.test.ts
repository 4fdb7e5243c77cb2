import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: projectRoot });

/** The `no-restricted-imports` messages the project's lint config gives `code` placed at `filePath`. */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result?.messages ?? [];
  // Any other problem would mean the snippet, not the layering, is under test.
  expect(messages.filter((message) => message.ruleId !== 'no-restricted-imports')).toEqual([]);
  return messages.map((message) => message.message);
}

describe('the lint enforces the layers of src/', () => {
  it.each([
    [
      'model → engine',
      'src/model/report-extra.ts',
      "import type { Evaluation } from '../engine/evaluate.js';\nexport type E = Evaluation;\n",
      'src/model/ may not import src/engine/',
    ],
    [
      'analysis → rules',
      'src/analysis/iam/extra.ts',
      "import type { Rule } from '../../rules/rule.js';\nexport type R = Rule;\n",
      'src/analysis/ may not import src/rules/',
    ],
    [
      'aws → pipeline',
      'src/aws/extra.ts',
      "import { judge } from '../pipeline/judge.js';\nexport const j = judge;\n",
      'src/aws/ may not import src/pipeline/',
    ],
    [
      'rules → engine',
      'src/rules/s3/extra.ts',
      "export { evaluate } from '../../engine/evaluate.js';\n",
      'src/rules/ may not import src/engine/',
    ],
    [
      'engine → scanners',
      'src/engine/extra.ts',
      "import type { Scanner } from '../scanners/scanner.js';\nexport type S = Scanner;\n",
      'src/engine/ may not import src/scanners/',
    ],
    [
      'reporters → an engine module other than the gate',
      'src/reporters/html/extra.ts',
      "import { evaluate } from '../../engine/evaluate.js';\nexport const e = evaluate;\n",
      'src/reporters/ may not import src/engine/ (except exit-code.js)',
    ],
    [
      'pipeline → cli',
      'src/pipeline/extra.ts',
      "import { run } from '../cli/program.js';\nexport const r = run;\n",
      'src/pipeline/ may not import src/cli/',
    ],
  ])('rejects %s', async (_name, filePath, code, expected) => {
    const errors = await layerErrors(filePath, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(expected);
  });

  it.each([
    [
      'engine → model',
      'src/engine/extra.ts',
      "import type { Inventory } from '../model/inventory.js';\nexport type I = Inventory;\n",
    ],
    [
      'analysis → model',
      'src/analysis/iam/extra.ts',
      "import type { AccountView } from '../../model/inventory.js';\nexport type A = AccountView;\n",
    ],
    [
      'rules → analysis',
      'src/rules/iam/extra.ts',
      "export { accessFor } from '../../analysis/iam/principals.js';\n",
    ],
    [
      'aws → the floor errors module',
      'src/aws/extra.ts',
      "import { UsageError } from '../errors.js';\nexport const U = UsageError;\n",
    ],
    [
      'aws → the input readers it shares with policies',
      'src/aws/extra.ts',
      "import { readInputFile } from '../policy/input-file.js';\nexport const r = readInputFile;\n",
    ],
    [
      'reporters → the gate',
      'src/reporters/extra.ts',
      "import { decideGate } from '../engine/exit-code.js';\nexport const d = decideGate;\n",
    ],
    [
      'cli → pipeline',
      'src/cli/extra.ts',
      "import { judge } from '../pipeline/judge.js';\nexport const j = judge;\n",
    ],
  ])('accepts %s', async (_name, filePath, code) => {
    expect(await layerErrors(filePath, code)).toEqual([]);
  });
});
