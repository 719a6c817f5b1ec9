import { CourseDocument } from '@internal/plugin-courses-common';

/** A valid course document for tests: two modules, three lessons. */
export function courseDocument(
  overrides: Partial<CourseDocument> = {},
): CourseDocument {
  return {
    id: 'writing-techdocs',
    title: 'Writing TechDocs',
    summary:
      'Keep documentation next to the code and publish it in the portal.',
    category: 'documentation',
    level: 'beginner',
    tags: ['techdocs', 'markdown'],
    estimatedMinutes: 30,
    owner: 'group:default/platform-team',
    prerequisites: [],
    modules: [
      {
        id: 'basics',
        title: 'Basics',
        lessons: [
          {
            id: 'why-docs-like-code',
            title: 'Why docs like code',
            type: 'markdown',
            body: 'Docs live in the repository, reviewed like code.',
          },
          {
            id: 'read-the-portal-docs',
            title: "Read the portal's docs",
            type: 'techdocs',
            entityRef: 'component:default/developer-portal',
            path: '',
          },
        ],
      },
      {
        id: 'practice',
        title: 'Practice',
        lessons: [
          {
            id: 'mkdocs-reference',
            title: 'The MkDocs reference',
            type: 'url',
            url: 'https://www.mkdocs.org/user-guide/',
          },
        ],
      },
    ],
    ...overrides,
  };
}
