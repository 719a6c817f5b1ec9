import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';

function parseUserRef(ref: string): CompoundEntityRef | undefined {
  try {
    const parsed = parseEntityRef(ref);
    return parsed.kind.toLocaleLowerCase('en-US') === 'user'
      ? parsed
      : undefined;
  } catch {
    // Not an entity ref at all.
    return undefined;
  }
}

/**
 * Who did something: a link to a user's catalog page, or the plain ref of a
 * service, e.g. `service:environments` for the preview reaper.
 */
export function ActorLink(props: { actor: string }) {
  const userRef = parseUserRef(props.actor);
  if (!userRef) {
    return <>{props.actor}</>;
  }
  return <EntityRefLink entityRef={userRef} hideIcon />;
}
