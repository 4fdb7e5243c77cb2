import { expect, it } from 'vitest';
import { accessMapTable } from '../../../src/cli/run/access-map.js';
import type { AccessMap } from '../../../src/model/access-map.js';
import { hasControlCharacters } from '../../../src/text/inert.js';

it('access-map table: Sids, ARNs and squad names from AWS are inert and clipped', () => {
  const hostile = '\u001b]8;;http://evil.example\u0007click\u001b]8;;\u0007\u001b[2J\r';
  const map: AccessMap = {
    accounts: [{ accountId: '111122223333', squad: `vision${hostile}`, accountType: 'modeling', known: true }],
    edges: [
      {
        resource: { arn: `arn:aws:s3:::bucket${hostile}${'x'.repeat(50_000)}`, type: 'aws.s3.bucket', name: 'bucket', accountId: '111122223333', region: 'eu-central-1' },
        grantee: { kind: 'anyone', via: 'Principal *' },
        classification: 'external',
        statement: { index: 0, sid: `Sid${hostile}` },
        accessLevels: ['Read'],
        actions: ['s3:GetObject'],
        actionCount: 1,
        status: 'fail',
        failedRules: ['isolation-no-external-access'],
      },
    ],
  };
  const table = accessMapTable(map);
  expect(hasControlCharacters(table.replace(/\n/g, ''))).toBe(false);
  expect(table).toContain('Sid\\x1b]8;;http://evil.example\\x07click');
  expect(table).toContain('vision\\x1b]8;;');
  expect(table.length).toBeLessThan(5_000);
});
