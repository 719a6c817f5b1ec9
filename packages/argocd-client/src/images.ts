/** A container image reference split into repository and tag. */
export interface ImageReference {
  image: string;
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
    image,
    repository: colon < 0 ? withoutDigest : withoutDigest.slice(0, colon),
    tag: colon < 0 ? undefined : withoutDigest.slice(colon + 1),
  };
}

/**
 * The application's own image among the images it runs, with its tag: the
 * one whose repository is named like the application, else the only tagged
 * image. Sidecars and init containers make anything else a guess, so
 * undefined then.
 */
export function applicationImage(
  images: readonly string[] | undefined,
  appName: string,
): { image: string; tag: string } | undefined {
  const tagged = (images ?? [])
    .map(parseImage)
    .filter((ref): ref is ImageReference & { tag: string } => !!ref.tag);
  const named = tagged.find(ref => ref.repository.split('/').pop() === appName);
  const match = named ?? (tagged.length === 1 ? tagged[0] : undefined);
  return match && { image: match.image, tag: match.tag };
}
