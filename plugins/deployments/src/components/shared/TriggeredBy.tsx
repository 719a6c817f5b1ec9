import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';

function parseUserRef(ref: string): CompoundEntityRef | undefined {
  try {
    const parsed = parseEntityRef(ref);
    return parsed.kind.toLocaleLowerCase('en-US') === 'user'
      ? parsed
      : undefined;
  } catch {
    // Not an entity ref at all, e.g. the name of a CI system.
    return undefined;
  }
}

/**
 * Who started a deployment: a link to a user's catalog page, or the plain
 * name of a service account or system.
 */
export function TriggeredBy(props: { triggeredBy: string }) {
  const userRef = parseUserRef(props.triggeredBy);
  if (!userRef) {
    return <>{props.triggeredBy}</>;
  }
  return <EntityRefLink entityRef={userRef} hideIcon />;
}
