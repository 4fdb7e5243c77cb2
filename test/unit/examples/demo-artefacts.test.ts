import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../../src/model/inventory.js';
import { ARTEFACT_LABEL, labelEmulatorArtefacts } from '../../../tools/demo/emulator-artefacts.js';

const demo = (): Inventory => JSON.parse(readFileSync('examples/demo-inventory.json', 'utf8')) as Inventory;
const errorsOf = (inventory: Inventory) => [...inventory.errors, ...inventory.resources.flatMap((resource) => Object.values(resource.errors))];

describe('the demo inventory labels what comes from the emulator', () => {
  it('every collection error in the demo is a labelled emulator artefact, explained by a note', () => {
    const inventory = demo();
    const errors = errorsOf(inventory);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error?.message, `${error?.operation} ${error?.code}`).toMatch(new RegExp(`^\\${ARTEFACT_LABEL} `));
    expect(inventory.notes?.[1]).toMatch(/^Emulator artefacts: .*IAM\.GetCredentialReport RootRowMissing/);
  });

  it('labelling keeps the recorded codes and is idempotent; unknown errors stay unlabelled', () => {
    const inventory = demo();
    const before = errorsOf(inventory).map((error) => error?.code);
    labelEmulatorArtefacts(inventory);
    expect(JSON.stringify(inventory)).toBe(JSON.stringify(demo()));
    expect(errorsOf(inventory).map((error) => error?.code)).toEqual(before);
    const other = demo();
    other.errors = [{ code: 'AccessDenied', message: 'denied', operation: 'S3.ListBuckets', accountId: '1', region: 'global', service: 's3', resourceTypes: ['*'] }];
    labelEmulatorArtefacts(other);
    expect(other.errors[0]!.message).toBe('denied');
  });
});
