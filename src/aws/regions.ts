import type { ClientFactory } from './clients.js';
import { operationOf } from './operations.js';
import { sdkPackage } from './sdk-packages.js';

const { DescribeRegionsCommand } = sdkPackage('@aws-sdk/client-ec2');

/** What `--region all` calls with the audit role's credentials. */
export const REGION_LOOKUP_OPERATIONS: readonly string[] = [operationOf('EC2', DescribeRegionsCommand)];

/** `--region all`: the regions enabled in the account (default regions plus opted-in ones), sorted. */
export async function enabledRegions(clients: ClientFactory, homeRegion: string): Promise<string[]> {
  const answer = await clients.client('EC2', homeRegion).send(new DescribeRegionsCommand({ AllRegions: false }));
  return (answer.Regions ?? [])
    .filter((region) => region.RegionName && region.OptInStatus !== 'not-opted-in')
    .map((region) => region.RegionName as string)
    .sort();
}
