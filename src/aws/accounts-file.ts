import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { createAjv, describeAjvErrors } from '../schema/ajv.js';
import { UsageError } from '../errors.js';
import { lineColumn, tooDeepAt } from '../policy/documents.js';
import { InputFileError, MAX_DEPTH, MAX_POLICY_BYTES, readInputFile } from '../policy/input-file.js';
import { inert } from '../text/inert.js';

/** The account types every installation knows; accounts files and tags may add more. */
export const BUILTIN_ACCOUNT_TYPES = ['modeling', 'tooling', 'serving-nonprod', 'serving-prod'] as const;

export interface AccountEntry {
  id: string;
  name?: string;
  squad?: string;
  accountType?: string;
  /** A list, `all` (the account's enabled regions), or absent (the scan's `--region`). */
  regions?: string[] | 'all';
  roleName?: string;
  roleArn?: string;
  externalId?: string;
}

export interface AccountsFile {
  accountTypes?: string[];
  defaults?: Pick<AccountEntry, 'regions' | 'roleName' | 'externalId'>;
  accounts: AccountEntry[];
}

const schemaPath = resolve(dirname(fileURLToPath(import.meta.url)), '../../schemas/accounts.schema.json');
let validator: ValidateFunction | undefined;

/** Problems of an accounts document (schema, unknown account types, duplicate ids); empty = valid. */
export function accountsFileProblems(value: unknown): string[] {
  validator ??= createAjv().compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
  if (!validator(value)) {
    return describeAjvErrors(validator.errors).map((problem) => `${problem.path}: ${problem.message}`);
  }
  const file = value as AccountsFile;
  const known = new Set<string>([...BUILTIN_ACCOUNT_TYPES, ...(file.accountTypes ?? [])]);
  const problems: string[] = [];
  const seen = new Set<string>();
  file.accounts.forEach((account, index) => {
    if (account.accountType && !known.has(account.accountType)) {
      problems.push(
        `/accounts/${index}/accountType: unknown account type "${account.accountType}" (known: ${[...known].join(', ')}; add it under accountTypes)`,
      );
    }
    if (seen.has(account.id)) problems.push(`/accounts/${index}/id: account ${account.id} is listed twice`);
    seen.add(account.id);
  });
  return problems;
}

/** Reads and validates an accounts file (YAML or JSON); every problem is reported at once (exit 2). */
export function readAccountsFile(path: string): AccountsFile {
  const shown = inert(path, { max: 1024 });
  let text: string;
  try {
    text = readInputFile(path, { maxBytes: MAX_POLICY_BYTES, rejectControls: true }).text;
  } catch (error) {
    if (error instanceof InputFileError) throw new UsageError(`cannot read accounts file ${shown}: ${error.message}`);
    throw error;
  }
  if (text.trim() === '') throw new UsageError(`accounts file ${shown}: the file is empty`);
  let value: unknown;
  try {
    // Every field is a string: the failsafe schema keeps `id: 012345678901` as written (no number parsing).
    value = parseYaml(text, { schema: 'failsafe', prettyErrors: false, maxAliasCount: 100, logLevel: 'error' });
  } catch (error) {
    const offset = (error as { pos?: [number, number] }).pos?.[0];
    const where = offset === undefined ? '' : ` at ${lineColumn(text, offset)}`;
    throw new UsageError(`accounts file ${shown} is not valid YAML${where}: ${inert((error as Error).message.split('\n')[0] ?? '', { max: 200 })}`);
  }
  const deep = tooDeepAt(value, MAX_DEPTH);
  if (deep !== undefined) throw new UsageError(`accounts file ${shown}: ${deep}: nested deeper than ${MAX_DEPTH} levels`);
  const problems = accountsFileProblems(value);
  if (problems.length > 0) throw new UsageError(`invalid accounts file ${shown}:\n  ${problems.join('\n  ')}`);
  const file = value as AccountsFile;
  const defaults = file.defaults ?? {};
  return {
    ...file,
    accounts: file.accounts.map((account) => ({
      ...(defaults.regions ? { regions: defaults.regions } : {}),
      ...(defaults.roleName ? { roleName: defaults.roleName } : {}),
      ...(defaults.externalId ? { externalId: defaults.externalId } : {}),
      ...account,
    })),
  };
}
