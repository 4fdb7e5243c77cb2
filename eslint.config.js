import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of `src/` (docs/architecture.md, "Layers"): each folder and what it may import besides itself.
 * An entry with a slash is one module of a folder that is otherwise off limits. Every other folder of `src/`
 * is off limits: such an import runs backwards and fails the lint. The root modules `src/errors.ts` and
 * `src/version.ts` are floors any folder may import; `src/index.ts` (the library) may import anything.
 */
/** Every folder below the pipeline: what `pipeline/`, `cli/` and `bench/` build on. */
const LIBRARY = [
  'model',
  'text',
  'schema',
  'analysis',
  'rules',
  'policy',
  'engine',
  'reporters',
  'integrations',
  'aws',
  'scanners',
  'sinks',
];

const LAYERS = {
  text: [],
  schema: ['text'],
  model: ['text'],
  analysis: ['model', 'text'],
  rules: ['model', 'analysis', 'text'],
  policy: ['model', 'rules', 'schema', 'text'],
  engine: ['model', 'analysis', 'rules', 'policy', 'text'],
  // The gate line every renderer opens with judges a report that carries no gate.
  reporters: ['model', 'text', 'engine/exit-code.js'],
  integrations: ['model', 'text'],
  // An accounts file is an input document: it is read with the same bounded readers as a policy.
  aws: ['model', 'schema', 'text', 'policy/input-file.js', 'policy/documents.js'],
  scanners: ['model', 'aws', 'text'],
  sinks: ['model', 'aws', 'integrations', 'text'],
  // The rule catalogue states what each rule costs: its collection plan, and the scanners' cost tables.
  docs: ['model', 'rules', 'aws', 'text', 'engine/plan.js', 'scanners/scanner.js'],
  // A plan is read in place of a scan: its inventory knows the scanners' resource types, and it is judged
  // with the rule set the pipeline loaded.
  terraform: ['model', 'text', 'policy', 'scanners/resource-types.js', 'pipeline'],
  pipeline: LIBRARY,
  cli: [...LIBRARY, 'docs', 'terraform', 'pipeline'],
  // Benchmarks and their fixtures: development tooling over the library, never the CLI.
  bench: [...LIBRARY, 'docs', 'terraform', 'pipeline'],
};

const folders = readdirSync(new URL('./src/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const unplaced = folders.filter((folder) => !(folder in LAYERS));
if (unplaced.length > 0)
  throw new Error(`eslint.config.js: give src/${unplaced.join(', src/')} a place in LAYERS`);

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One `no-restricted-imports` pattern per folder `folder` may not import (relative specifiers only). */
function layerPatterns(folder) {
  const allowed = LAYERS[folder];
  return folders
    .filter((other) => other !== folder && !allowed.includes(other))
    .map((other) => {
      const modules = allowed
        .filter((entry) => entry.startsWith(`${other}/`))
        .map((entry) => escape(entry.slice(other.length + 1)));
      const except = modules.length > 0 ? `(?!(?:${modules.join('|')})$)` : '';
      return {
        regex: `^(?:\\.\\./)+${escape(other)}/${except}`,
        message: `src/${folder}/ may not import src/${other}/${modules.length > 0 ? ` (except ${modules.join(', ').replaceAll('\\', '')})` : ''}: that import runs against the layers in docs/architecture.md.`,
      };
    });
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.venv/', 'reports/', 'test-artifacts/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...folders.map((folder) => ({
    files: [`src/${folder}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: layerPatterns(folder) }] },
  })),
);
