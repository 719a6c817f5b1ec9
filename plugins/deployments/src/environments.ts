/**
 * The environments every service goes through, in promotion order. Other
 * environments are allowed; they sort after these, alphabetically.
 */
export const STANDARD_ENVIRONMENTS: readonly string[] = [
  'development',
  'staging',
  'production',
];

function promotionRank(environment: string): number {
  const rank = STANDARD_ENVIRONMENTS.indexOf(environment);
  return rank === -1 ? STANDARD_ENVIRONMENTS.length : rank;
}

/** Orders development, staging, production, then the rest alphabetically. */
export function compareEnvironments(a: string, b: string): number {
  return promotionRank(a) - promotionRank(b) || a.localeCompare(b);
}

/** The distinct environments, in promotion order. */
export function sortEnvironments(environments: Iterable<string>): string[] {
  return [...new Set(environments)].sort(compareEnvironments);
}
