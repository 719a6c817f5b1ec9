import {
  COURSE_LEVELS,
  CourseDocument,
  CourseModule,
  Lesson,
  LESSON_TYPES,
  LessonType,
} from './types';
import {
  CourseDocumentError,
  FieldValidator,
  isCourseId,
} from './FieldValidator';

export type { CourseDocumentError };
export { isCourseId };

/*
 * The one validator of course documents, shared by the backend (YAML
 * locations and the authoring API) and the authoring UI, so all three accept
 * and refuse the same documents with the same messages.
 */

export type CourseDocumentResult =
  | { ok: true; course: CourseDocument }
  | { ok: false; errors: CourseDocumentError[] };

export const MAX_TITLE_LENGTH = 200;
export const MAX_SUMMARY_LENGTH = 2_000;
export const MAX_TAGS = 20;
export const MAX_MODULES = 50;
export const MAX_LESSONS_PER_MODULE = 100;
/** The largest Markdown body or description of a lesson, in characters. */
export const MAX_MARKDOWN_LENGTH = 100_000;

/** The errors of a document, one per line, each starting with its field. */
export function formatCourseDocumentErrors(
  errors: CourseDocumentError[],
): string {
  return errors.map(e => `${e.field}: ${e.message}`).join('\n');
}

const COURSE_FIELDS = [
  'id',
  'title',
  'summary',
  'category',
  'level',
  'tags',
  'estimatedMinutes',
  'owner',
  'prerequisites',
  'modules',
];
const MODULE_FIELDS = ['id', 'title', 'lessons'];
const LESSON_FIELDS: Record<LessonType, string[]> = {
  markdown: ['body'],
  techdocs: ['entityRef', 'path'],
  template: ['templateRef'],
  url: ['url'],
};

/**
 * Validates a parsed YAML or JSON course document and normalizes it: entity
 * refs are completed and lowercased, optional lists default to empty.
 * Unknown fields are errors, so typos do not pass silently. Every problem is
 * reported, not just the first.
 */
export function parseCourseDocument(input: unknown): CourseDocumentResult {
  const errors: CourseDocumentError[] = [];
  const v = new FieldValidator(errors);
  const doc = v.object(input, '', COURSE_FIELDS);
  if (!doc) {
    return { ok: false, errors };
  }

  const id = v.slug(doc.id, 'id');
  const prerequisites = v.slugList(doc.prerequisites, 'prerequisites', {
    max: MAX_MODULES,
  });
  if (id && prerequisites.includes(id)) {
    v.fail(
      `prerequisites[${prerequisites.indexOf(id)}]`,
      'a course cannot require itself',
    );
  }

  const course: CourseDocument = {
    id: id ?? '',
    title: v.text(doc.title, 'title', MAX_TITLE_LENGTH) ?? '',
    summary: v.text(doc.summary, 'summary', MAX_SUMMARY_LENGTH) ?? '',
    category: v.slug(doc.category, 'category') ?? '',
    level: v.oneOf(doc.level, 'level', COURSE_LEVELS) ?? 'beginner',
    tags: v.slugList(doc.tags, 'tags', { max: MAX_TAGS }),
    estimatedMinutes: v.minutes(doc.estimatedMinutes, 'estimatedMinutes'),
    owner: v.entityRef(doc.owner, 'owner', 'group', ['group']) ?? '',
    prerequisites,
    modules: parseModules(v, doc.modules),
  };
  return errors.length ? { ok: false, errors } : { ok: true, course };
}

function parseModules(v: FieldValidator, input: unknown): CourseModule[] {
  const items = v.list(input, 'modules', { min: 1, max: MAX_MODULES });
  const moduleIds = new Set<string>();
  const lessonIds = new Set<string>();
  return items.flatMap((item, m) => {
    const field = `modules[${m}]`;
    const raw = v.object(item, field, MODULE_FIELDS);
    if (!raw) {
      return [];
    }
    const id = v.slug(raw.id, `${field}.id`);
    if (id) {
      v.unique(moduleIds, id, `${field}.id`, 'module');
    }
    // Lesson ids are unique across the whole course: progress is per lesson.
    const lessons = v
      .list(raw.lessons, `${field}.lessons`, {
        min: 1,
        max: MAX_LESSONS_PER_MODULE,
      })
      .flatMap((lesson, l) => {
        const parsed = parseLesson(v, lesson, `${field}.lessons[${l}]`);
        if (parsed?.id) {
          v.unique(lessonIds, parsed.id, `${field}.lessons[${l}].id`, 'lesson');
        }
        return parsed ? [parsed] : [];
      });
    return [
      {
        id: id ?? '',
        title: v.text(raw.title, `${field}.title`, MAX_TITLE_LENGTH) ?? '',
        lessons,
      },
    ];
  });
}

function parseLesson(
  v: FieldValidator,
  input: unknown,
  field: string,
): Lesson | undefined {
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    return v.fail(field, 'must be an object');
  }
  // Which fields a lesson may have depends on its type: without a valid
  // type, only the type is reported.
  const type = v.oneOf(
    (input as { type?: unknown }).type,
    `${field}.type`,
    LESSON_TYPES,
  );
  if (!type) {
    return undefined;
  }
  const raw = v.object(input, field, [
    'id',
    'title',
    'type',
    'description',
    ...LESSON_FIELDS[type],
  ])!;
  const base = {
    id: v.slug(raw.id, `${field}.id`) ?? '',
    title: v.text(raw.title, `${field}.title`, MAX_TITLE_LENGTH) ?? '',
    ...(raw.description !== undefined && {
      description: v.text(
        raw.description,
        `${field}.description`,
        MAX_MARKDOWN_LENGTH,
      ),
    }),
  };
  switch (type) {
    case 'markdown':
      return {
        ...base,
        type,
        body: v.text(raw.body, `${field}.body`, MAX_MARKDOWN_LENGTH) ?? '',
      };
    case 'techdocs':
      return {
        ...base,
        type,
        entityRef:
          v.entityRef(raw.entityRef, `${field}.entityRef`, 'component') ?? '',
        path: v.docsPath(raw.path, `${field}.path`),
      };
    case 'template':
      return {
        ...base,
        type,
        templateRef:
          v.entityRef(raw.templateRef, `${field}.templateRef`, 'template', [
            'template',
          ]) ?? '',
      };
    case 'url':
    default:
      return { ...base, type: 'url', url: v.httpUrl(raw.url, `${field}.url`) };
  }
}
