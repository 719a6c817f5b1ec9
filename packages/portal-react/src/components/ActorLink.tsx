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

export interface ActorLinkProps {
  /**
   * Who did something: a user's entity ref, e.g. `user:default/jane.doe`, or
   * any other name, e.g. `service:environments` or the name of a CI system.
   */
  actor: string;
}

/**
 * Who did something, e.g. started a deployment or locked an environment: a
 * link to a user's catalog page, or the plain name of a service or system.
 */
export function ActorLink(props: ActorLinkProps) {
  const userRef = parseUserRef(props.actor);
  if (!userRef) {
    return <>{props.actor}</>;
  }
  return <EntityRefLink entityRef={userRef} hideIcon />;
}
