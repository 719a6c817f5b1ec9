import {
  Course,
  CourseDocument,
  CourseDocumentResult,
  parseCourseDocument,
} from '@internal/plugin-courses-common';
import { parse, stringify } from 'yaml';

/**
 * The authoring UI edits a course as YAML, the same format as the course
 * files in repositories, so that a course can move between the two.
 */

/** The document of a course: what its authors wrote, without bookkeeping. */
export function documentOf(course: Course): CourseDocument {
  const {
    id,
    title,
    summary,
    category,
    level,
    tags,
    estimatedMinutes,
    owner,
    prerequisites,
    modules,
  } = course;
  return {
    id,
    title,
    summary,
    category,
    level,
    tags,
    estimatedMinutes,
    owner,
    prerequisites,
    modules,
  };
}

export function courseToYaml(course: CourseDocument): string {
  return stringify(course, { lineWidth: 0 });
}

/** A starting point for a new course, owned by `owner`. */
export function newCourseYaml(owner: string): string {
  return courseToYaml({
    id: 'my-new-course',
    title: 'My new course',
    summary: 'What learners can do after taking it.',
    category: 'onboarding',
    level: 'beginner',
    tags: [],
    estimatedMinutes: 30,
    owner,
    prerequisites: [],
    modules: [
      {
        id: 'introduction',
        title: 'Introduction',
        lessons: [
          {
            id: 'welcome',
            title: 'Welcome',
            type: 'markdown',
            body: 'Write the lesson in **Markdown**.',
          },
        ],
      },
    ],
  });
}

/**
 * Reads and validates a course written as YAML, with the same validator as
 * the backend; a syntax error is reported as an error of the document.
 */
export function readCourseYaml(text: string): CourseDocumentResult {
  let input: unknown;
  try {
    input = parse(text);
  } catch (error) {
    return {
      ok: false,
      errors: [{ field: '(YAML)', message: (error as Error).message }],
    };
  }
  return parseCourseDocument(input);
}
