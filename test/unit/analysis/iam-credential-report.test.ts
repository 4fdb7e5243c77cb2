import { describe, expect, it } from 'vitest';
import { parseCredentialReport } from '../../../src/scanners/iam.js';

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

describe('credential report parsing', () => {
  const rows = parseCredentialReport(
    [
      HEADER,
      '<root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,not_supported,2026-11-01T10:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
      'alice,arn:aws:iam::111122223333:user/alice,2026-01-01T00:00:00+00:00,true,no_information,2026-02-01T00:00:00+00:00,N/A,false,true,2026-03-01T00:00:00+00:00,2026-11-20T08:00:00+00:00,us-east-1,s3,false,2025-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A',
      '',
    ].join('\n'),
  );

  it('reads root and users, with N/A / no_information / not_supported as null', () => {
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ user: '<root_account>', mfaActive: true, passwordEnabled: false, accessKeys: [] });
    expect(rows[1]).toMatchObject({
      user: 'alice',
      arn: 'arn:aws:iam::111122223333:user/alice',
      passwordEnabled: true,
      passwordLastUsed: null,
      passwordLastChanged: '2026-02-01T00:00:00.000Z',
      mfaActive: false,
    });
  });

  it('keeps key slots that exist (active, or inactive with a rotation date)', () => {
    expect(rows[1]?.accessKeys).toEqual([
      { slot: 1, active: true, lastRotated: '2026-03-01T00:00:00.000Z', lastUsed: '2026-11-20T08:00:00.000Z', lastUsedService: 's3' },
      { slot: 2, active: false, lastRotated: '2025-01-01T00:00:00.000Z', lastUsed: null, lastUsedService: null },
    ]);
  });
});
