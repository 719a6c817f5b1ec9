import { InputError } from '@backstage/errors';
import {
  CourseDocument,
  formatCourseDocumentErrors,
  parseCourseDocument,
} from '@internal/plugin-courses-common';
import { parseAllDocuments } from 'yaml';

/**
 * The courses of a YAML file of one or more documents (`---` separated).
 * The file is taken whole or not at all: any YAML error, invalid course or
 * duplicate id throws an InputError naming the document and field, so a
 * half-broken file never removes the courses it still lists.
 */
export function parseCourseFile(content: string): CourseDocument[] {
  const problems: string[] = [];
  const courses: CourseDocument[] = [];
  const ids = new Set<string>();

  parseAllDocuments(content).forEach((doc, index) => {
    const where = `document ${index + 1}`;
    if (doc.errors.length) {
      problems.push(`${where}: ${doc.errors[0].message}`);
      return;
    }
    const value = doc.toJS();
    if (value === null || value === undefined) {
      return; // An empty document, e.g. after a trailing `---`.
    }
    const result = parseCourseDocument(value);
    if (!result.ok) {
      problems.push(
        ...formatCourseDocumentErrors(result.errors)
          .split('\n')
          .map(line => `${where}: ${line}`),
      );
    } else if (ids.has(result.course.id)) {
      problems.push(`${where}: id: duplicate course "${result.course.id}"`);
    } else {
      ids.add(result.course.id);
      courses.push(result.course);
    }
  });

  if (problems.length) {
    throw new InputError(problems.join('\n'));
  }
  return courses;
}
