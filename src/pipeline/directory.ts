import { readAccountsFile } from '../aws/accounts-file.js';
import type { Inventory, Target } from '../model/inventory.js';

/**
 * `--directory FILE`: the organization's accounts (an accounts file: id, name, squad, account type) as the
 * account directory the isolation rules judge grants against, without scanning them. The file is taken to
 * list the whole organization, so an account outside it is outside the organization. Accounts the scan
 * itself saw keep what the scan knows; the file fills in what it does not.
 */
export function withDirectoryFile<T extends DirectoryFields>(inventory: T, path: string): T {
  const file = readAccountsFile(path);
  const known = new Map<string, Target>((inventory.directory ?? inventory.targets).map((target) => [target.accountId, target]));
  for (const account of file.accounts) {
    const listed: Target = { accountId: account.id, regions: [] };
    if (account.name) listed.name = account.name;
    if (account.squad) listed.squad = account.squad;
    if (account.accountType) listed.accountType = account.accountType;
    const scanned = known.get(account.id);
    known.set(account.id, scanned ? { ...listed, ...scanned } : listed);
  }
  // Scanned targets take the squad and type the file gives when the scan did not know them.
  const targets = inventory.targets.map((target) => ({ ...target, ...fillFrom(known.get(target.accountId), target) }));
  return { ...inventory, targets, directory: [...known.values()].sort((a, b) => a.accountId.localeCompare(b.accountId)), directoryComplete: true };
}

/** What the directory file changes of an inventory (held whole, or its header alone). */
type DirectoryFields = Pick<Inventory, 'targets' | 'directory' | 'directoryComplete'>;

function fillFrom(listed: Target | undefined, target: Target): Partial<Target> {
  const filled: Partial<Target> = {};
  if (!target.squad && listed?.squad) filled.squad = listed.squad;
  if (!target.accountType && listed?.accountType) filled.accountType = listed.accountType;
  if (!target.name && listed?.name) filled.name = listed.name;
  return filled;
}
