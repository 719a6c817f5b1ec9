import {
  courseToYaml,
  documentOf,
  newCourseYaml,
  readCourseYaml,
} from './courseYaml';
import { argoCdCourse, PLATFORM_TEAM } from './__testUtils__/fixtures';

describe('course YAML', () => {
  it('round-trips a course document', () => {
    const document = documentOf(argoCdCourse);
    expect(readCourseYaml(courseToYaml(document))).toEqual({
      ok: true,
      course: document,
    });
  });

  it('leaves out what the backend keeps about a course', () => {
    const yaml = courseToYaml(documentOf(argoCdCourse));
    for (const field of ['source', 'createdAt', 'updatedAt', 'updatedBy']) {
      expect(yaml).not.toContain(`${field}:`);
    }
  });

  it('starts new courses with a valid document', () => {
    const result = readCourseYaml(newCourseYaml(PLATFORM_TEAM));
    expect(result.ok).toBe(true);
  });

  it('reports each invalid field', () => {
    const result = readCourseYaml(
      newCourseYaml(PLATFORM_TEAM)
        .replace('level: beginner', 'level: expert')
        .replace('estimatedMinutes: 30', 'estimatedMinutes: -5'),
    );
    expect(result).toEqual({
      ok: false,
      errors: expect.arrayContaining([
        { field: 'level', message: expect.stringMatching(/^must be one of/) },
        { field: 'estimatedMinutes', message: expect.any(String) },
      ]),
    });
  });

  it('reports a YAML syntax error', () => {
    expect(readCourseYaml('id: [unclosed')).toEqual({
      ok: false,
      errors: [{ field: '(YAML)', message: expect.any(String) }],
    });
  });
});
