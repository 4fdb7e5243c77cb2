/**
 * `npm pack` produces a package that works outside the checkout: packed into a temporary folder, unpacked
 * into a consumer's node_modules beside its production dependencies only, then run from its own bin. The
 * dependencies are linked from this checkout's node_modules (what `npm install ./squadguard-*.tgz` would
 * fetch) so the test sends no traffic beyond this machine; a file missing from the tarball, or an import of a
 * dev-only package, fails it.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { validateReport } from '../../src/pipeline/schemas.js';
import type { Report } from '../../src/model/report.js';
import { tempDir } from '../support/cli.js';
import { projectRoot } from '../support/paths.js';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const version = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

describe('the packed package', () => {
  it('installs from the tarball and runs --version, the help and the demo evaluation', { timeout: 300_000 }, async () => {
    const dir = tempDir('squadguard-pack-');
    // prepack rebuilds dist/ only when src/ changed since the last build.
    const packed = await run(npm, ['pack', '--json', '--pack-destination', dir], { cwd: projectRoot, maxBuffer: 64 << 20 });
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    const files = info!.files.map((file) => file.path);
    expect(files).toEqual(expect.arrayContaining(['dist/cli/main.js', 'dist/rules/metadata.json', 'policies/platform-baseline.yaml', 'schemas/report.schema.json', 'examples/demo-inventory.json', 'README.md']));
    expect(files.filter((path) => /^(src|test|tools|node_modules)\//.test(path) || path.includes('.build-stamp'))).toEqual([]);

    const consumer = join(dir, 'consumer');
    mkdirSync(consumer);
    writeFileSync(join(consumer, 'package.json'), '{ "name": "squadguard-pack-test", "private": true }\n');
    const modules = join(consumer, 'node_modules');
    const installed = join(modules, 'squadguard');
    mkdirSync(installed, { recursive: true });
    await run('tar', ['-xzf', join(dir, info!.filename), '-C', installed, '--strip-components=1']);
    for (const dependency of await productionDependencies()) {
      const target = join(modules, dependency);
      mkdirSync(dirname(target), { recursive: true });
      symlinkSync(join(projectRoot, 'node_modules', dependency), target, 'dir');
    }

    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    const binPath = join(installed, manifest.bin['squadguard']!);
    expect(existsSync(binPath)).toBe(true);
    const bin = process.execPath;
    const cli = (args: string[]) => [binPath, ...args];
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' };
    expect((await run(bin, cli(['--version']), { cwd: consumer, env })).stdout.trim()).toBe(version);
    expect((await run(bin, cli([]), { cwd: consumer, env })).stdout).toMatch(/^Usage: squadguard/);

    const demo = await run(
      bin,
      cli(['evaluate', '--inventory', join(installed, 'examples/demo-inventory.json'), '--directory', join(installed, 'examples/organization-accounts.yaml'), '--format', 'all', '--output-dir', 'reports', '--exit-zero']),
      { cwd: consumer, env, maxBuffer: 64 << 20 },
    );
    expect(demo.stdout).toMatch(/CRITICAL s3-bucket-policy-not-public/);
    expect(demo.stderr).toMatch(/--exit-zero/); // the gate's verdict (failures) reported, the exit code 0
    const report = JSON.parse(readFileSync(join(consumer, 'reports', 'squadguard-report.json'), 'utf8')) as Report;
    expect(validateReport(report)).toEqual([]);
    expect(existsSync(join(consumer, 'reports', 'squadguard-report.html'))).toBe(true);
  });
});

/** The top-level packages of this checkout's node_modules that a production install needs (no dev-only ones). */
async function productionDependencies(): Promise<string[]> {
  const listed = await run(npm, ['ls', '--omit=dev', '--all', '--parseable'], { cwd: projectRoot, maxBuffer: 64 << 20 });
  const root = join(projectRoot, 'node_modules') + sep;
  return [
    ...new Set(
      listed.stdout
        .split('\n')
        .filter((path) => path.startsWith(root))
        .map((path) => relative(join(projectRoot, 'node_modules'), path).split(sep))
        .filter((parts) => !parts.includes('node_modules'))
        .map((parts) => parts.join('/')),
    ),
  ];
}
