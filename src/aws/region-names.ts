import { sdkPackage } from './sdk-packages.js';

const { partition } = sdkPackage('@aws-sdk/core/client');
/**
 * Region names checked against the SDK's partition data (the regions the installed SDK knows), so a typo
 * (`eu-centrl-1`) is a usage error with a did-you-mean instead of a scan of a region that does not exist.
 */
import { closest } from '../text/closest.js';
import { UsageError } from '../errors.js';
import { inert } from '../text/inert.js';

/** Region name shape: `eu-central-1`, `us-gov-west-1`, `eusc-de-east-1`. */
const REGION_SHAPE = /^[a-z]{2,}(-[a-z]+)+-\d{1,2}$/;

// The SDK exports a lookup, not a list: enumerate the names AWS's naming scheme allows and keep those the
// partition data describes (a known region comes back with its description; an unknown one without).
const AREAS = ['us', 'eu', 'ap', 'sa', 'ca', 'me', 'af', 'il', 'mx', 'cn', 'us-gov', 'us-iso', 'us-isob', 'us-isof', 'eu-isoe', 'eusc-de'];
const DIRECTIONS = ['east', 'west', 'north', 'south', 'central', 'northeast', 'northwest', 'southeast', 'southwest'];

let known: Set<string> | undefined;

export function isKnownRegion(name: string): boolean {
  return REGION_SHAPE.test(name) && (partition(name) as { description?: string }).description !== undefined;
}

/** Every region name of the installed SDK's partition data, sorted. */
export function knownRegions(): string[] {
  if (!known) {
    known = new Set();
    for (const area of AREAS) {
      for (const direction of DIRECTIONS) {
        for (let index = 1; index <= 15; index++) {
          const name = `${area}-${direction}-${index}`;
          if (isKnownRegion(name)) known.add(name);
        }
      }
    }
  }
  return [...known].sort();
}

/**
 * Throws a UsageError for a region name the SDK does not know, naming where it came from and the closest
 * known region. With a custom endpoint (an emulator, a private cloud) any well-formed name is accepted.
 */
export function checkRegionName(name: string, source: string, customEndpoint: boolean): void {
  if (!REGION_SHAPE.test(name)) {
    const hint = closest(name.slice(0, 64), knownRegions());
    throw new UsageError(`${source}: "${inert(name, { max: 64 })}" is not an AWS region name${hint ? ` (did you mean ${hint}?)` : ''}`);
  }
  if (customEndpoint || isKnownRegion(name)) return;
  const hint = closest(name, knownRegions());
  throw new UsageError(
    `${source}: unknown region "${inert(name, { max: 64 })}"${hint ? ` (did you mean ${hint}?)` : ''}; ` +
      'a region the installed AWS SDK does not know needs --endpoint-url',
  );
}
