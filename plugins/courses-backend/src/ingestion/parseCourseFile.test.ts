import { stringify } from 'yaml';
import { courseDocument } from '../testUtils';
import { parseCourseFile } from './parseCourseFile';

describe('parseCourseFile', () => {
  it('reads every document of a multi-document file', () => {
    const a = courseDocument({ id: 'a' });
    const b = courseDocument({ id: 'b' });

    expect(parseCourseFile(`${stringify(a)}---\n${stringify(b)}---\n`)).toEqual(
      [a, b],
    );
  });

  it('refuses the whole file for one bad document, naming document and field', () => {
    const good = stringify(courseDocument({ id: 'a' }));
    const bad = stringify({ ...courseDocument({ id: 'b' }), title: '' });

    expect(() => parseCourseFile(`${good}---\n${bad}`)).toThrow(
      'document 2: title: must not be empty',
    );
  });

  it('refuses YAML errors and duplicate ids', () => {
    expect(() => parseCourseFile('id: [unclosed')).toThrow(/^document 1: /);
    const a = stringify(courseDocument({ id: 'a' }));
    expect(() => parseCourseFile(`${a}---\n${a}`)).toThrow(
      'document 2: id: duplicate course "a"',
    );
  });
});
