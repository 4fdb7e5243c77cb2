import type { PublicAccessBlock } from '../../model/s3.js';

export const PAB_SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

/** The Block Public Access settings that are not on (all four when nothing is configured). */
export function pabSettingsOff(block: PublicAccessBlock | null | undefined): string[] {
  return PAB_SETTINGS.filter((setting) => !block?.[setting]);
}

/** A setting is effective when it is on at bucket or account level. */
export function effectiveSetting(
  setting: (typeof PAB_SETTINGS)[number],
  bucket: PublicAccessBlock | null | undefined,
  account: PublicAccessBlock | null | undefined,
): { on: boolean; level?: 'bucket' | 'account' } {
  if (bucket?.[setting]) return { on: true, level: 'bucket' };
  if (account?.[setting]) return { on: true, level: 'account' };
  return { on: false };
}
