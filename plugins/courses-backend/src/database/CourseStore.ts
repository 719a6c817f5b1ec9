import {
  Course,
  CourseDocument,
  CourseFacets,
  CourseLevel,
  CourseSummary,
  Enrollment,
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
  source: Course['source'];
  /** The user or service that wrote it; absent for location refreshes. */
  actor?: string;
}

/** What an enrolment or progress change did, for notifications. */
export interface EnrollmentChange {
  enrollment: Enrollment;
  /** The user was not enrolled before. */
  enrolled: boolean;
  /** This change completed the course's last lesson. */
  completed: boolean;
}

export interface LocationRefreshRecord {
  target: string;
  status: 'ok' | 'error';
  error?: string;
  lastRefreshAt: string;
}

/** Courses, enrolments and progress, and the state of course locations. */
export interface CourseStore {
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
  countCoursesBySource(): Promise<Map<Course['source'], number>>;

  /** Enrols a user; enrolling again changes nothing. NotFoundError without the course. */
  enroll(courseId: string, userRef: string): Promise<EnrollmentChange>;
  /** Forgets an enrolment and its progress; false if there was none. */
  unenroll(courseId: string, userRef: string): Promise<boolean>;
  /**
   * Marks a lesson done or not done, enrolling the user if needed; sets the
   * completion time when the last lesson is done, clears it when one is
   * undone. InputError (`lessonId: ...`) for a lesson the course lacks.
   */
  setLessonProgress(
    courseId: string,
    userRef: string,
    progress: { lessonId: string; completed: boolean },
  ): Promise<EnrollmentChange>;
  /** A user's enrolments, newest first. */
  listEnrollments(userRef: string): Promise<Enrollment[]>;
  /** The enrolments of some users in one course. */
  listCourseEnrollments(
    courseId: string,
    userRefs: readonly string[],
  ): Promise<Array<Enrollment & { userRef: string }>>;
}
