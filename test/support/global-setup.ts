import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { projectRoot } from './paths.js';

/**
 * Installs what the tests need and a fresh machine lacks, once, before any test file starts: the pinned moto
 * in .venv (integration tests) and Debian's chromium (browser tests of the HTML report). Both are no-ops
 * when already installed.
 */
export default function setup(): void {
  execFileSync('bash', [resolve(projectRoot, 'scripts/setup-moto.sh')], { stdio: 'inherit' });
  execFileSync('bash', [resolve(projectRoot, 'scripts/setup-chromium.sh')], { stdio: 'inherit' });
}
