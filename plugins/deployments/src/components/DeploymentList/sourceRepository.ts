import {
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';

const GITHUB_REPOSITORY =
  /^https:\/\/github\.com\/([^/?#]+)\/([^/?#]+?)(?:\.git)?(?:[/?#]|$)/;

/**
 * The GitHub repository an entity's `backstage.io/source-location` points
 * at, e.g. https://github.com/acme-platform/course-service, or undefined when
 * the source lives elsewhere.
 */
export function githubRepositoryUrl(entity: Entity): string | undefined {
  const sourceLocation =
    entity.metadata.annotations?.[ANNOTATION_SOURCE_LOCATION];
  if (!sourceLocation) {
    return undefined;
  }
  let location: { type: string; target: string };
  try {
    location = parseLocationRef(sourceLocation);
  } catch {
    return undefined;
  }
  const match =
    location.type === 'url' ? GITHUB_REPOSITORY.exec(location.target) : null;
  return match ? `https://github.com/${match[1]}/${match[2]}` : undefined;
}

/** The page of one commit in a GitHub repository. */
export function githubCommitUrl(repositoryUrl: string, sha: string): string {
  return `${repositoryUrl}/commit/${sha}`;
}
