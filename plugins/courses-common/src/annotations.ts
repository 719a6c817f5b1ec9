import { isCourseId } from './courseDocument';

/**
 * Courses that teach what a catalog entity is about, as comma-separated
 * course ids, e.g. `courses/recommended: deploying-with-argocd, writing-techdocs`.
 * On a Component it fills the "Learn" card of its page; on a Template it
 * names the course that explains the template.
 */
export const COURSES_RECOMMENDED_ANNOTATION = 'courses/recommended';

/**
 * The course ids of a `courses/recommended` annotation value, in order,
 * without duplicates. Entries that are not course ids are skipped, so a typo
 * hides one course rather than the whole card.
 */
export function parseRecommendedCourses(value: string | undefined): string[] {
  if (!value) {
    return [];
  }
  const ids = value
    .split(',')
    .map(part => part.trim().toLocaleLowerCase('en-US'))
    .filter(isCourseId);
  return [...new Set(ids)];
}

/** The recommended course ids of an entity (anything with metadata annotations). */
export function getRecommendedCourses(entity: {
  metadata: { annotations?: Record<string, string> };
}): string[] {
  return parseRecommendedCourses(
    entity.metadata.annotations?.[COURSES_RECOMMENDED_ANNOTATION],
  );
}
