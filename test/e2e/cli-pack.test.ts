/**
 * `npm pack` produces a package that works outside the checkout: packed into a temporary folder, installed
 * there like a user would (`npm install ./squadguard-*.tgz`), then run from its own bin.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { validateReport } from '../../src/pipeline/schemas.js';
import type { Report } from '../../src/model/report.js';
import { tempDir } from '../support/cli.js';
import { projectRoot } from '../support/moto.js';

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
    expect(files).toEqual(expect.arrayContaining(['dist/cli/main.js', 'policies/platform-baseline.yaml', 'schemas/report.schema.json', 'examples/demo-inventory.json', 'README.md']));
    expect(files.filter((path) => /^(src|test|tools|node_modules)\//.test(path) || path.includes('.build-stamp'))).toEqual([]);

    const consumer = join(dir, 'consumer');
    mkdirSync(consumer);
    writeFileSync(join(consumer, 'package.json'), '{ "name": "squadguard-pack-test", "private": true }\n');
    // Tarballs come from the npm cache `npm ci` filled; the lockfile records no tarball URLs, so the registry
    // is asked for metadata (--prefer-offline), never for what the cache holds.
    await run(npm, ['install', '--prefer-offline', '--omit=dev', '--no-audit', '--no-fund', join(dir, info!.filename)], { cwd: consumer, maxBuffer: 64 << 20 });

    const bin = join(consumer, 'node_modules', '.bin', 'squadguard');
    expect(existsSync(bin)).toBe(true);
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' };
    expect((await run(bin, ['--version'], { cwd: consumer, env })).stdout.trim()).toBe(version);
    expect((await run(bin, [], { cwd: consumer, env })).stdout).toMatch(/^Usage: squadguard/);

    const installed = join(consumer, 'node_modules', 'squadguard');
    const demo = await run(
      bin,
      ['evaluate', '--inventory', join(installed, 'examples/demo-inventory.json'), '--directory', join(installed, 'examples/organization-accounts.yaml'), '--format', 'all', '--output-dir', 'reports', '--exit-zero'],
      { cwd: consumer, env, maxBuffer: 64 << 20 },
    );
    expect(demo.stdout).toMatch(/CRITICAL s3-bucket-policy-not-public/);
    expect(demo.stderr).toMatch(/--exit-zero/); // the gate's verdict (failures) reported, the exit code 0
    const report = JSON.parse(readFileSync(join(consumer, 'reports', 'squadguard-report.json'), 'utf8')) as Report;
    expect(validateReport(report)).toEqual([]);
    expect(existsSync(join(consumer, 'reports', 'squadguard-report.html'))).toBe(true);
  });
});
