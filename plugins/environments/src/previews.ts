/** How long a new preview lives, or how much longer an extended one does. */
export const PREVIEW_TTL_OPTIONS = [
  { value: 'PT24H', label: '24 hours' },
  { value: 'PT72H', label: '72 hours' },
  { value: 'P7D', label: '7 days' },
] as const;

/** The shortest option: previews cost money, and can be extended. */
export const DEFAULT_PREVIEW_TTL = PREVIEW_TTL_OPTIONS[0].value;

const MAX_NAME_LENGTH = 63;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/**
 * Why `name` cannot name a new preview, or undefined if it can. Preview names
 * are DNS labels, since they name namespaces and hosts, and are unique among
 * all environments.
 */
export function previewNameError(
  name: string,
  existingNames: readonly string[],
): string | undefined {
  if (!name) {
    return 'Enter a name.';
  }
  if (name.length > MAX_NAME_LENGTH) {
    return `Use at most ${MAX_NAME_LENGTH} characters.`;
  }
  if (!DNS_LABEL.test(name)) {
    return 'Use lowercase letters, digits and hyphens, starting and ending with a letter or digit.';
  }
  if (existingNames.includes(name)) {
    return `An environment named ${name} already exists.`;
  }
  return undefined;
}
