import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, for tests that read the project's files (policies, docs, examples, dist). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
