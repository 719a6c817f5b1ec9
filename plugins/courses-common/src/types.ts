/** How much a course expects its learners to know already. */
export type CourseLevel = 'beginner' | 'intermediate' | 'advanced';

/** The levels from easiest to hardest; lists and filters use this order. */
export const COURSE_LEVELS: readonly CourseLevel[] = [
  'beginner',
  'intermediate',
  'advanced',
];

/** The kinds of lesson, each with its own fields. */
export type LessonType = 'markdown' | 'techdocs' | 'template' | 'url';

export const LESSON_TYPES: readonly LessonType[] = [
  'markdown',
  'techdocs',
  'template',
  'url',
];

interface LessonBase {
  /** A slug, unique within the course: progress is recorded against it. */
  id: string;
  title: string;
  /** Markdown shown above the lesson's content, e.g. what to look for. */
  description?: string;
}

/** A lesson written in Markdown (rendered sanitized). */
export interface MarkdownLesson extends LessonBase {
  type: 'markdown';
  body: string;
}

/** A page of an entity's TechDocs. */
export interface TechDocsLesson extends LessonBase {
  type: 'techdocs';
  /** The entity whose docs to open, e.g. `component:default/developer-portal`. */
  entityRef: string;
  /** The page within the docs, e.g. `getting-started/`; empty for the index. */
  path: string;
}

/** "Try this template": a Software Template to run. */
export interface TemplateLesson extends LessonBase {
  type: 'template';
  /** e.g. `template:default/node-service`. */
  templateRef: string;
}

/** A page outside the portal. */
export interface UrlLesson extends LessonBase {
  type: 'url';
  /** An http(s) URL. */
  url: string;
}

export type Lesson =
  | MarkdownLesson
  | TechDocsLesson
  | TemplateLesson
  | UrlLesson;

export interface CourseModule {
  /** A slug, unique within the course. */
  id: string;
  title: string;
  lessons: Lesson[];
}

/**
 * A course as its authors write it: the body of `POST /courses` and
 * `PUT /courses/{id}`, and each document of a course YAML file.
 */
export interface CourseDocument {
  /** A slug (lowercase letters, digits and single `-`), at most 63. */
  id: string;
  title: string;
  summary: string;
  /** A slug, e.g. `delivery`; a facet of the catalog. */
  category: string;
  level: CourseLevel;
  /** Slugs; facets of the catalog. */
  tags: string[];
  /** About how long the course takes, in minutes. */
  estimatedMinutes: number;
  /** The group that maintains the course, e.g. `group:default/platform-team`. */
  owner: string;
  /** Ids of the courses to take first. */
  prerequisites: string[];
  modules: CourseModule[];
}

/**
 * Where a course comes from: `api` for courses authored in the portal, or
 * `location:<target>` for courses read from a configured YAML location.
 * Courses from locations are changed in their file, not through the API.
 */
export type CourseSource = 'api' | `location:${string}`;

export interface Course extends CourseDocument {
  source: CourseSource;
  /** The user (or `service:<id>`) that last wrote it; locations leave it out. */
  updatedBy?: string;
  createdAt: string;
  updatedAt: string;
}

/** A course in a list: everything but its modules, with their size. */
export interface CourseSummary extends Omit<Course, 'modules'> {
  moduleCount: number;
  lessonCount: number;
}

export interface CourseList {
  items: CourseSummary[];
  /** Pass as `cursor` for the next page; absent on the last. */
  nextCursor?: string;
  /** How many courses match the filters, over all pages. */
  totalCount: number;
}

/** The query of `GET /courses`. */
export interface CourseQuery {
  /**
   * Words to find in titles, summaries and lesson text. With it, courses
   * are ranked by relevance; without it, sorted by title.
   */
  search?: string;
  category?: string;
  tag?: string;
  level?: CourseLevel;
  /** 1 to 100, default 20. */
  limit?: number;
  cursor?: string;
}

/** A user's enrolment in a course and their progress through it. */
export interface Enrollment {
  courseId: string;
  courseTitle: string;
  enrolledAt: string;
  /** The share of the course's lessons completed, from 0 to 1. */
  progress: number;
  completedLessonIds: string[];
  /** When the last lesson was completed; absent while any is not. */
  completedAt?: string;
}

export interface EnrollmentList {
  items: Enrollment[];
}

/** The body of `POST /courses/{id}/progress`. */
export interface LessonProgressRequest {
  lessonId: string;
  completed: boolean;
}

/** How far one member of a team is in a course. */
export interface TeamMemberCompletion {
  /** e.g. `user:default/jane.doe`. */
  userEntityRef: string;
  displayName?: string;
  enrolled: boolean;
  /** From 0 to 1; 0 when not enrolled. */
  progress: number;
  completedAt?: string;
}

/** The completion of a course by the members of a group, for team leads. */
export interface TeamCompletion {
  courseId: string;
  groupRef: string;
  /** Sorted by user ref. */
  items: TeamMemberCompletion[];
  memberCount: number;
  completedCount: number;
}

/** The outcome of the last refresh of a configured course location. */
export interface CourseLocationStatus {
  target: string;
  /** `pending` until the first refresh has run. */
  status: 'ok' | 'error' | 'pending';
  lastRefreshAt?: string;
  /** Why the last refresh failed; its courses stay as they were. */
  error?: string;
  /** How many courses the location currently provides. */
  courseCount: number;
}

export interface CourseLocationList {
  items: CourseLocationStatus[];
}

/** A facet value and how many courses have it. */
export interface FacetCount<T extends string = string> {
  value: T;
  count: number;
}

/** The values of the catalog's facets over all courses, for its filters. */
export interface CourseFacets {
  /** By name. */
  categories: FacetCount[];
  /** From easiest to hardest, only levels that some course has. */
  levels: FacetCount<CourseLevel>[];
  /** By name. */
  tags: FacetCount[];
}
