/**
 * The demo inventory is collected from moto, which lacks a few things every real account has. Those gaps
 * surface as collection errors and "could not decide" findings; a newcomer would read them as a broken tool.
 * They are labelled, never papered over: the error codes stay what the scanner recorded (inventing a root
 * row or an EBS key would be falsified data), each message says it is an emulator artefact and why, and a
 * note at the top of the inventory (shown in every report) explains what a real account would show.
 */
import type { Inventory } from '../../src/model/inventory.js';
import type { CollectionError } from '../../src/model/resource.js';

/** Known moto gaps (DESIGN.md, "moto facts"), by `operation code`. */
const ARTEFACTS: Record<string, string> = {
  'IAM.GetCredentialReport RootRowMissing': "moto's IAM credential report has no <root_account> row; a real account's report always lists the root user",
  'EC2.GetEbsDefaultKmsKeyId ServiceError': 'moto does not implement GetEbsDefaultKmsKeyId (HTTP 500); real EC2 answers it',
};

export const ARTEFACT_LABEL = '[emulator artefact]';

/** Labels one error when it is a known gap; returns its operation when it is one. */
function label(error: CollectionError): string | undefined {
  const why = ARTEFACTS[`${error.operation} ${error.code}`];
  if (!why) return undefined;
  if (!error.message.startsWith(ARTEFACT_LABEL)) error.message = `${ARTEFACT_LABEL} ${why} (${error.message})`;
  return `${error.operation} ${error.code}`;
}

/** Labels the emulator's known gaps in place; returns how many errors were labelled. */
export function labelEmulatorArtefacts(inventory: Inventory): number {
  const errors = [...inventory.errors, ...inventory.resources.flatMap((resource) => Object.values(resource.errors))];
  const labelled = errors.map((error) => (error ? label(error) : undefined)).filter((found): found is string => found !== undefined);
  const note =
    `Emulator artefacts: the collection errors marked "${ARTEFACT_LABEL}" (${[...new Set(labelled)].join(', ')}) and the ` +
    '"could not decide" findings of the rules that needed that data come from gaps of the emulator (moto) this demo was ' +
    'collected from, not from the account or the scanner; on a real account these calls answer and those rules pass or fail.';
  const notes = (inventory.notes ?? []).filter((existing) => !existing.startsWith('Emulator artefacts:'));
  inventory.notes = labelled.length > 0 ? [notes[0] ?? '', note, ...notes.slice(1)].filter(Boolean) : notes;
  return labelled.length;
}
