/** scripts/build-if-stale.mjs on a tiny project: builds when sources changed, never leaves a stale dist in use. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { projectRoot } from '../support/paths.js';

function project(): string {
  const root = tempDir('squadguard-build-');
  mkdirSync(join(root, 'scripts'));
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  mkdirSync(join(root, 'node_modules'));
  copyFileSync(join(projectRoot, 'scripts/build-if-stale.mjs'), join(root, 'scripts/build-if-stale.mjs'));
  symlinkSync(join(projectRoot, 'node_modules/typescript'), join(root, 'node_modules/typescript'));
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(root, 'tsconfig.json'), '{}\n');
  const options = { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', rootDir: 'src', outDir: 'dist', strict: true, types: [] };
  writeFileSync(join(root, 'tsconfig.build.json'), JSON.stringify({ compilerOptions: options, include: ['src'] }));
  writeFileSync(join(root, 'src/cli/main.ts'), "export const answer: number = 1;\n");
  // The build's second step: the real module writes standalone validators of schemas/; this one records its call.
  mkdirSync(join(root, 'src', 'schema'));
  writeFileSync(
    join(root, 'src/schema/precompile.ts'),
    "const fsName = 'node:fs'; // the tiny project has no @types/node\n" +
      'export async function writePrecompiledValidators(): Promise<void> {\n' +
      "  const fs = (await import(fsName)) as { writeFileSync(file: URL, text: string): void };\n" +
      "  fs.writeFileSync(new URL('./precompiled.txt', import.meta.url), 'done');\n}\n",
  );
  mkdirSync(join(root, 'schemas'));
  writeFileSync(join(root, 'schemas/policy.schema.json'), '{}\n');
  return root;
}

const build = (root: string) => spawnSync(process.execPath, [join(root, 'scripts/build-if-stale.mjs')], { cwd: root, encoding: 'utf8' });
const output = (root: string) => readFileSync(join(root, 'dist/cli/main.js'), 'utf8');

describe('build only when sources changed', () => {
  it('builds first, skips when nothing changed, rebuilds after a deletion; a failed build is never taken for fresh', { timeout: 180_000 }, () => {
    const root = project();
    writeFileSync(join(root, 'src/extra.ts'), 'export const extra = 1;\n');
    expect(build(root).stderr).toMatch(/compiling \(no previous build\)/);
    expect(output(root)).toContain('answer = 1');
    expect(existsSync(join(root, 'dist/extra.js'))).toBe(true);
    expect(readFileSync(join(root, 'dist/schema/precompiled.txt'), 'utf8')).toBe('done');
    expect(build(root).stderr).toMatch(/up to date/);

    writeFileSync(join(root, 'schemas/policy.schema.json'), '{ "type": "object" }\n'); // a schema edit
    expect(build(root).stderr).toMatch(/compiling \(sources changed\)/);
    expect(build(root).stderr).toMatch(/up to date/);

    unlinkSync(join(root, 'src/extra.ts')); // only the folder's mtime changes
    expect(build(root).stderr).toMatch(/compiling \(sources changed\)/);
    expect(existsSync(join(root, 'dist/extra.js'))).toBe(false); // no output of a deleted source survives

    writeFileSync(join(root, 'src/cli/main.ts'), 'export const answer: number = "not a number";\n');
    expect(build(root).status).not.toBe(0);
    expect(existsSync(join(root, 'dist/.build-stamp.json'))).toBe(false);
    writeFileSync(join(root, 'src/cli/main.ts'), 'export const answer: number = 3;\n');
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(join(root, 'src/cli/main.ts'), past, past); // even a fix with an old timestamp is compiled
    expect(build(root).stderr).toMatch(/compiling \(no previous build\)/);
    expect(output(root)).toContain('answer = 3');
  });
});
