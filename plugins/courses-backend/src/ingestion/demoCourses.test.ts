import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseCourseFile } from './parseCourseFile';

/** The embedded default's courses (demo/courses) must always ingest. */
describe('demo courses', () => {
  const dir = join(__dirname, '../../../../demo/courses');
  const courses = readdirSync(dir)
    .filter(file => file.endsWith('.yaml'))
    .flatMap(file => parseCourseFile(readFileSync(join(dir, file), 'utf8')));

  it('are valid, at least six, with prerequisites among them', () => {
    const ids = new Set(courses.map(c => c.id));
    expect(ids.size).toBeGreaterThanOrEqual(6);
    expect(ids.size).toBe(courses.length);
    for (const course of courses) {
      for (const prerequisite of course.prerequisites) {
        expect(ids).toContain(prerequisite);
      }
    }
  });

  it('use every type of lesson', () => {
    const types = new Set(
      courses.flatMap(c => c.modules.flatMap(m => m.lessons.map(l => l.type))),
    );
    expect([...types].sort()).toEqual([
      'markdown',
      'techdocs',
      'template',
      'url',
    ]);
  });
});
