import {
  Course,
  CourseDocument,
  CourseFacets,
  CourseLevel,
  CourseSource,
  CourseSummary,
} from '@internal/plugin-courses-common';

/** Where a list page ends: the keyset of its last course. */
export type CourseCursor =
  /** Unranked lists are sorted by lowercased title, then id. */
  | { kind: 'title'; sortTitle: string; id: string }
  /** Search results are sorted by rank (an integer, higher first), then id. */
  | { kind: 'rank'; rank: number; id: string };

export interface CourseListQuery {
  /** Words that must all occur (as prefixes) in a course; ranks the list. */
  searchTerms?: string[];
  category?: string;
  tag?: string;
  level?: CourseLevel;
  limit: number;
  after?: CourseCursor;
}

export interface CoursePage {
  items: CourseSummary[];
  /** Absent on the last page. */
  next?: CourseCursor;
  totalCount: number;
}

export interface CourseWrite {
  /** `api`, or `location:<target>`. */
  source: CourseSource;
  /** The user or service that wrote it; absent for location refreshes. */
  actor?: string;
}

export interface LocationRefreshRecord {
  target: string;
  status: 'ok' | 'error';
  error?: string;
  lastRefreshAt: string;
}

/**
 * The course catalog: courses with their tags and search entries, the
 * facets over them, and the state of the locations courses come from.
 * Writes that replace or delete a course also update its learners'
 * enrolments and progress, in the same transaction.
 */
export interface CourseCatalogStore {
  listCourses(query: CourseListQuery): Promise<CoursePage>;
  /** Every category, level and tag with its number of courses. */
  courseFacets(): Promise<CourseFacets>;
  getCourse(id: string): Promise<Course | undefined>;
  /** In the order of `ids`; undefined where there is no such course. */
  getCourses(ids: readonly string[]): Promise<Array<Course | undefined>>;
  /** The ids of the given courses that exist. */
  existingCourseIds(ids: readonly string[]): Promise<string[]>;

  /** Throws ConflictError when a course with the id exists. */
  createCourse(course: CourseDocument, write: CourseWrite): Promise<Course>;
  /**
   * Replaces a course, dropping the progress of lessons it no longer has and
   * recomputing who has completed it. Throws NotFoundError when it is gone.
   */
  replaceCourse(course: CourseDocument, write: CourseWrite): Promise<Course>;
  /** Deletes a course with its enrolments and progress; false if absent. */
  deleteCourse(id: string): Promise<boolean>;

  /**
   * Makes `courses` exactly what a location provides, in one transaction:
   * upserts them and deletes the location's courses not among them. Throws
   * ConflictError (changing nothing) when an id belongs to another source.
   */
  replaceLocationCourses(
    source: `location:${string}`,
    courses: CourseDocument[],
  ): Promise<{ upserted: number; removed: number }>;
  recordLocationRefresh(record: LocationRefreshRecord): Promise<void>;
  listLocationRefreshes(): Promise<LocationRefreshRecord[]>;
  /** How many courses each source provides. */
  countCoursesBySource(): Promise<Map<CourseSource, number>>;
}
