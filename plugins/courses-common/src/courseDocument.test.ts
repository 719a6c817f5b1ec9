import {
  formatCourseDocumentErrors,
  parseCourseDocument,
} from './courseDocument';

const valid = () => ({
  id: 'writing-techdocs',
  title: ' Writing TechDocs ',
  summary: 'Docs next to the code.',
  category: 'documentation',
  level: 'beginner',
  tags: ['techdocs'],
  estimatedMinutes: 30,
  owner: 'Platform-Team',
  modules: [
    {
      id: 'basics',
      title: 'Basics',
      lessons: [
        { id: 'why', title: 'Why', type: 'markdown', body: '# Why' },
        {
          id: 'read',
          title: 'Read',
          type: 'techdocs',
          entityRef: 'developer-portal',
          path: '/getting-started/',
        },
        {
          id: 'try',
          title: 'Try',
          type: 'template',
          templateRef: 'node-service',
          description: 'Creates a repo.',
        },
        {
          id: 'more',
          title: 'More',
          type: 'url',
          url: 'https://backstage.io/docs',
        },
      ],
    },
  ],
});

function errorsOf(input: unknown) {
  const result = parseCourseDocument(input);
  return result.ok ? [] : result.errors;
}

describe('parseCourseDocument', () => {
  it('accepts a valid course, normalizing refs and defaulting lists', () => {
    const result = parseCourseDocument(valid());

    expect(result).toEqual({
      ok: true,
      course: expect.objectContaining({
        title: 'Writing TechDocs',
        owner: 'group:default/platform-team',
        prerequisites: [],
      }),
    });
    const lessons = result.ok ? result.course.modules[0].lessons : [];
    expect(lessons[1]).toEqual({
      id: 'read',
      title: 'Read',
      type: 'techdocs',
      entityRef: 'component:default/developer-portal',
      path: 'getting-started/',
    });
    expect(lessons[2]).toMatchObject({
      templateRef: 'template:default/node-service',
    });
  });

  it('names every offending field', () => {
    const doc = valid() as any;
    doc.id = 'Not A Slug';
    delete doc.title;
    doc.level = 'expert';
    doc.owner = 'user:default/jane';
    doc.colour = 'red';
    doc.modules[0].lessons[3].url = 'ftp://example.com';
    doc.modules[0].lessons[0].type = 'video';

    expect(errorsOf(doc).map(e => e.field)).toEqual([
      'colour',
      'id',
      'title',
      'level',
      'owner',
      'modules[0].lessons[0].type',
      'modules[0].lessons[3].url',
    ]);
  });

  it('refuses fields of another lesson type', () => {
    const doc = valid() as any;
    doc.modules[0].lessons[0].url = 'https://example.com';

    expect(errorsOf(doc)).toEqual([
      { field: 'modules[0].lessons[0].url', message: 'unknown field' },
    ]);
  });

  it('refuses duplicate lesson ids across modules and self-prerequisites', () => {
    const doc = valid() as any;
    doc.modules.push({
      id: 'more',
      title: 'More',
      lessons: [{ id: 'why', title: 'Again', type: 'markdown', body: 'x' }],
    });
    doc.prerequisites = ['onboarding', 'writing-techdocs'];

    expect(formatCourseDocumentErrors(errorsOf(doc))).toBe(
      [
        'prerequisites[1]: a course cannot require itself',
        'modules[1].lessons[0].id: duplicate lesson "why"',
      ].join('\n'),
    );
  });

  it('refuses docs paths that leave the docs', () => {
    const doc = valid() as any;
    doc.modules[0].lessons[1].path = '../secrets';

    expect(errorsOf(doc).map(e => e.field)).toEqual([
      'modules[0].lessons[1].path',
    ]);
  });

  it('refuses a course without modules and a document that is not an object', () => {
    expect(errorsOf({ ...valid(), modules: [] })).toEqual([
      { field: 'modules', message: 'must have at least 1 item(s)' },
    ]);
    expect(errorsOf('title: x')).toEqual([
      { field: '(document)', message: 'must be an object' },
    ]);
  });
});
