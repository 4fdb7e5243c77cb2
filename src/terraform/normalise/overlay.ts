/**
 * `--inventory deployed.json`: what the plan cannot say about resources that already exist (a setting no
 * resource of this workspace manages) and about the account (S3 account public access block), read from
 * a `collect` snapshot by ARN. Without it such attributes are unknown, never guessed.
 */
import type { AnyResource, CollectionError } from '../../model/resource.js';
import type { Instance } from '../plan-index.js';
import { KnownAfterApply } from '../values.js';
import type { PlanContext } from './context.js';

function overlayResource(context: PlanContext, type: string, arn: string): AnyResource | undefined {
  return context.overlay?.resources.find(
    (resource) => resource.type === type && resource.arn === arn && resource.accountId === context.accountId,
  );
}

/** An attribute of an existing resource from the snapshot, or a throw saying the plan cannot tell. */
export function existingValue(
  context: PlanContext,
  instance: Instance,
  type: string,
  arn: string,
  attribute: string,
): unknown {
  const found = overlayResource(context, type, arn);
  const error = (found?.errors as Record<string, CollectionError | undefined> | undefined)?.[attribute];
  if (found && !error && attribute in found.data) return found.data[attribute];
  throw new KnownAfterApply(
    instance.address,
    attribute,
    context.overlay
      ? 'is not managed by this plan and the --inventory snapshot does not hold it'
      : 'is not managed by this plan (the resource exists already): pass --inventory with a collect snapshot',
  );
}

/** An account-level resource of the snapshot (S3 account settings, EBS defaults). */
export function accountResource(context: PlanContext, type: string): AnyResource | undefined {
  return context.overlay?.resources.find(
    (resource) => resource.type === type && resource.accountId === context.accountId,
  );
}
