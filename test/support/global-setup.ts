import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { projectRoot } from './moto.js';

/** Installs the pinned moto into .venv once, before any test file starts its own server. */
export default function setup(): void {
  execFileSync('bash', [resolve(projectRoot, 'scripts/setup-moto.sh')], { stdio: 'inherit' });
}
