/** A container image reference split into repository and tag. */
interface ImageReference {
  /** The repository without tag, e.g. `registry.example/acme/course-service`. */
  repository: string;
  tag?: string;
}

/** Splits `registry/repo:tag@digest` into repository and tag. */
export function parseImage(image: string): ImageReference {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return {
    repository: colon < 0 ? withoutDigest : withoutDigest.slice(0, colon),
    tag: colon < 0 ? undefined : withoutDigest.slice(colon + 1),
  };
}

/**
 * The tag of the application's own image among the images it runs: the one
 * whose repository is named like the application, else the only tagged
 * image. Sidecars and init containers make anything else a guess, so
 * undefined then. (The deployments plugin picks an application's image by
 * the same rule when it records ArgoCD syncs.)
 */
export function runningImageTag(
  images: readonly string[] | undefined,
  appName: string,
): string | undefined {
  const tagged = (images ?? [])
    .map(parseImage)
    .filter((ref): ref is Required<ImageReference> => !!ref.tag);
  const named = tagged.find(ref => ref.repository.split('/').pop() === appName);
  return (named ?? (tagged.length === 1 ? tagged[0] : undefined))?.tag;
}
