import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  Course,
  COURSE_LEVELS,
  CourseDocument,
  CourseFacets,
  CourseLevel,
  CourseSource,
  CourseSummary,
  Enrollment,
} from '@internal/plugin-courses-common';
import { Knex } from 'knex';
import {
  CourseListQuery,
  CoursePage,
  CourseStore,
  CourseWrite,
  EnrollmentChange,
  LocationRefreshRecord,
} from './CourseStore';
import { toFts5Query, toTsQuery } from './fullText';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-courses-backend',
  'migrations',
);

const COURSES = 'courses';
const FTS = 'courses_fts';
const TAGS = 'course_tags';
const ENROLLMENTS = 'course_enrollments';
const PROGRESS = 'course_lesson_progress';
const LOCATIONS = 'course_locations';

/**
 * A tsvector holds at most 1 MB; beyond this many characters of lesson text
 * a course is searchable by its beginning only.
 */
const MAX_LESSON_TEXT = 500_000;

/** Ranks are floats; scaled to integers they compare exactly in a cursor. */
const RANK_SCALE = 1_000_000;

/** PostgreSQL returns a Date; SQLite the epoch milliseconds (see migration). */
type DbTimestamp = Date | number;

interface CourseRow {
  id: string;
  title: string;
  sort_title: string;
  summary: string;
  category: string;
  level: CourseLevel;
  owner: string;
  source: CourseSource;
  estimated_minutes: number;
  module_count: number;
  lesson_count: number;
  tags: string;
  prerequisites: string;
  document: string;
  lesson_text: string;
  updated_by: string | null;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

type SummaryRow = Omit<CourseRow, 'document' | 'lesson_text'>;

/** A row of a list page; ranked pages add the rank and the match count. */
type PageRow = SummaryRow & {
  rank?: number | string;
  total_count?: number | string;
};

const SUMMARY_COLUMNS = [
  'id',
  'title',
  'sort_title',
  'summary',
  'category',
  'level',
  'owner',
  'source',
  'estimated_minutes',
  'module_count',
  'lesson_count',
  'tags',
  'prerequisites',
  'updated_by',
  'created_at',
  'updated_at',
].map(column => `c.${column}`);

interface EnrollmentRow {
  course_id: string;
  user_ref: string;
  enrolled_at: DbTimestamp;
  completed_at: DbTimestamp | null;
}

interface LocationRow {
  target: string;
  status: 'ok' | 'error';
  error: string | null;
  last_refresh_at: DbTimestamp;
}

/** The course, for the enrolment being changed. */
type EnrollmentCourse = Pick<CourseRow, 'id' | 'title' | 'lesson_count'>;

/** Courses, enrolments and progress in SQLite or PostgreSQL through knex. */
export class KnexCourseStore implements CourseStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<KnexCourseStore> {
    const { database, skipMigrations } = options;
    const client = await database.getClient();
    if (!database.migrations?.skip && !skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new KnexCourseStore(client);
  }

  private readonly isPostgres: boolean;

  private constructor(private readonly db: Knex) {
    this.isPostgres = db.client.config.client === 'pg';
  }

  // --- Courses --------------------------------------------------------------

  async listCourses(query: CourseListQuery): Promise<CoursePage> {
    const { searchTerms } = query;
    let rows: PageRow[];
    let totalCount: number;
    if (searchTerms) {
      rows = await this.withSearchPlan(db =>
        this.rankedPage(db, query, searchTerms),
      );
      // The ranked page counts all matches in the same scan; past the last
      // page there is no row to read the count from.
      totalCount = rows.length
        ? Number(rows[0].total_count)
        : await this.count(query);
    } else {
      [rows, totalCount] = await Promise.all([
        this.titlePage(query),
        this.count(query),
      ]);
    }
    const more = rows.length > query.limit;
    const items = more ? rows.slice(0, query.limit) : rows;
    const last = items[items.length - 1];
    let next: CoursePage['next'];
    if (more && searchTerms) {
      next = { kind: 'rank', rank: Number(last.rank), id: last.id };
    } else if (more) {
      next = { kind: 'title', sortTitle: last.sort_title, id: last.id };
    }
    return { items: items.map(toSummary), next, totalCount };
  }

  async getCourse(id: string): Promise<Course | undefined> {
    const row = await this.db<CourseRow>(COURSES).where({ id }).first();
    return row && toCourse(row);
  }

  async getCourses(ids: readonly string[]): Promise<Array<Course | undefined>> {
    const rows: CourseRow[] = await this.db<CourseRow>(COURSES).whereIn(
      'id',
      ids,
    );
    const byId = new Map(rows.map(row => [row.id, toCourse(row)]));
    return ids.map(id => byId.get(id));
  }

  async existingCourseIds(ids: readonly string[]): Promise<string[]> {
    const rows = await this.db(COURSES).whereIn('id', ids).select('id');
    return rows.map(row => row.id);
  }

  async createCourse(
    course: CourseDocument,
    write: CourseWrite,
  ): Promise<Course> {
    return this.db.transaction(async tx => {
      if (await tx(COURSES).where({ id: course.id }).first('id')) {
        throw new ConflictError(`id: a course "${course.id}" exists`);
      }
      const row = await this.writeCourse(tx, course, write, { insert: true });
      return toCourse({ ...row, created_at: row.updated_at });
    });
  }

  async replaceCourse(
    course: CourseDocument,
    write: CourseWrite,
  ): Promise<Course> {
    return this.db.transaction(async tx => {
      const existing = await tx<CourseRow>(COURSES)
        .where({ id: course.id })
        .first('created_at');
      if (!existing) {
        throw new NotFoundError(`No course "${course.id}"`);
      }
      const row = await this.writeCourse(tx, course, write, { insert: false });
      return toCourse({ ...row, created_at: existing.created_at });
    });
  }

  async deleteCourse(id: string): Promise<boolean> {
    return this.db.transaction(async tx => {
      const deleted = await tx(COURSES).where({ id }).delete();
      await this.deleteCourseData(tx, [id]);
      return deleted > 0;
    });
  }

  async replaceLocationCourses(
    source: `location:${string}`,
    courses: CourseDocument[],
  ): Promise<{ upserted: number; removed: number }> {
    return this.db.transaction(async tx => {
      const ids = courses.map(c => c.id);
      const taken = await tx(COURSES)
        .whereIn('id', ids)
        .whereNot({ source })
        .select('id', 'source');
      if (taken.length) {
        throw new ConflictError(
          taken
            .map(t => `id: course "${t.id}" already comes from ${t.source}`)
            .join('\n'),
        );
      }
      const current: Array<Pick<CourseRow, 'id' | 'document'>> = await tx(
        COURSES,
      )
        .where({ source })
        .select('id', 'document');
      const stored = new Map(current.map(row => [row.id, row.document]));

      let upserted = 0;
      for (const course of courses) {
        const document = stored.get(course.id);
        // Refreshes run every few minutes; unchanged courses keep their
        // updatedAt and search rows.
        if (document !== JSON.stringify(course)) {
          await this.writeCourse(tx, course, { source }, { insert: !document });
          upserted += 1;
        }
      }
      const removed = [...stored.keys()].filter(id => !ids.includes(id));
      if (removed.length) {
        await tx(COURSES).whereIn('id', removed).delete();
        await this.deleteCourseData(tx, removed);
      }
      return { upserted, removed: removed.length };
    });
  }

  async recordLocationRefresh(record: LocationRefreshRecord): Promise<void> {
    await this.db<LocationRow>(LOCATIONS)
      .insert({
        target: record.target,
        status: record.status,
        error: record.error ?? null,
        last_refresh_at: new Date(record.lastRefreshAt),
      })
      .onConflict('target')
      .merge();
  }

  async listLocationRefreshes(): Promise<LocationRefreshRecord[]> {
    const rows: LocationRow[] = await this.db<LocationRow>(LOCATIONS).orderBy(
      'target',
    );
    return rows.map(row => ({
      target: row.target,
      status: row.status,
      ...(row.error && { error: row.error }),
      lastRefreshAt: toIso(row.last_refresh_at),
    }));
  }

  async courseFacets(): Promise<CourseFacets> {
    const counted = async (query: Knex.QueryBuilder, column: string) => {
      const rows: Array<{ value: string; count: number | string }> = await query
        .select({ value: column })
        .count({ count: '*' })
        .groupBy(column)
        .orderBy(column);
      return rows.map(row => ({ value: row.value, count: Number(row.count) }));
    };
    const [categories, levels, tags] = await Promise.all([
      counted(this.db(COURSES), 'category'),
      counted(this.db(COURSES), 'level'),
      counted(this.db(TAGS), 'tag'),
    ]);
    const levelCounts = new Map(levels.map(l => [l.value, l.count]));
    return {
      categories,
      levels: COURSE_LEVELS.filter(level => levelCounts.has(level)).map(
        level => ({ value: level, count: levelCounts.get(level)! }),
      ),
      tags,
    };
  }

  async countCoursesBySource(): Promise<Map<CourseSource, number>> {
    const rows: Array<{ source: CourseSource; count: number | string }> =
      await this.db(COURSES)
        .select('source')
        .count({ count: '*' })
        .groupBy('source');
    return new Map(rows.map(row => [row.source, Number(row.count)]));
  }

  // --- Enrolments and progress ----------------------------------------------

  async enroll(courseId: string, userRef: string): Promise<EnrollmentChange> {
    return this.db.transaction(async tx => {
      const course = await this.enrollmentCourse(tx, courseId);
      const { row, enrolled } = await this.ensureEnrolled(
        tx,
        courseId,
        userRef,
      );
      return {
        enrollment: await this.readEnrollment(tx, course, row),
        enrolled,
        completed: false,
      };
    });
  }

  async unenroll(courseId: string, userRef: string): Promise<boolean> {
    return this.db.transaction(async tx => {
      const deleted = await tx(ENROLLMENTS)
        .where({ course_id: courseId, user_ref: userRef })
        .delete();
      await tx(PROGRESS)
        .where({ course_id: courseId, user_ref: userRef })
        .delete();
      return deleted > 0;
    });
  }

  async setLessonProgress(
    courseId: string,
    userRef: string,
    progress: { lessonId: string; completed: boolean },
  ): Promise<EnrollmentChange> {
    return this.db.transaction(async tx => {
      const row = await tx<CourseRow>(COURSES)
        .where({ id: courseId })
        .first('id', 'title', 'lesson_count', 'document');
      if (!row) {
        throw new NotFoundError(`No course "${courseId}"`);
      }
      if (!lessonIdsOf(JSON.parse(row.document)).includes(progress.lessonId)) {
        throw new InputError(
          `lessonId: course "${courseId}" has no lesson "${progress.lessonId}"`,
        );
      }
      const { row: before, enrolled } = await this.ensureEnrolled(
        tx,
        courseId,
        userRef,
      );
      const key = { user_ref: userRef, course_id: courseId };
      if (progress.completed) {
        await tx(PROGRESS)
          .insert({
            ...key,
            lesson_id: progress.lessonId,
            completed_at: new Date(),
          })
          .onConflict(['user_ref', 'course_id', 'lesson_id'])
          .ignore();
      } else {
        await tx(PROGRESS)
          .where({ ...key, lesson_id: progress.lessonId })
          .delete();
      }

      const [{ done }] = await tx(PROGRESS).where(key).count({ done: '*' });
      const complete = Number(done) >= row.lesson_count;
      const completed = complete && before.completed_at === null;
      let after = before;
      if (completed || (!complete && before.completed_at !== null)) {
        after = { ...before, completed_at: complete ? new Date() : null };
        await tx(ENROLLMENTS)
          .where(key)
          .update({ completed_at: after.completed_at });
      }
      return {
        enrollment: await this.readEnrollment(tx, row, after),
        enrolled,
        completed,
      };
    });
  }

  async listEnrollments(userRef: string): Promise<Enrollment[]> {
    const [rows, progress] = await Promise.all([
      this.db(`${ENROLLMENTS} as e`)
        .join(`${COURSES} as c`, 'c.id', 'e.course_id')
        .where('e.user_ref', userRef)
        .orderBy([
          { column: 'e.enrolled_at', order: 'desc' },
          { column: 'e.course_id', order: 'asc' },
        ])
        .select('e.*', 'c.title', 'c.lesson_count'),
      this.db(PROGRESS)
        .where({ user_ref: userRef })
        .orderBy(['course_id', 'lesson_id'])
        .select('course_id', 'lesson_id'),
    ]);
    const lessons = groupLessons(progress, p => p.course_id);
    return rows.map(row =>
      toEnrollment(
        row,
        { id: row.course_id, title: row.title, lesson_count: row.lesson_count },
        lessons.get(row.course_id) ?? [],
      ),
    );
  }

  async listCourseEnrollments(
    courseId: string,
    userRefs: readonly string[],
  ): Promise<Array<Enrollment & { userRef: string }>> {
    const course = await this.enrollmentCourse(this.db, courseId);
    const [rows, progress] = await Promise.all([
      this.db<EnrollmentRow>(ENROLLMENTS)
        .where({ course_id: courseId })
        .whereIn('user_ref', userRefs),
      this.db(PROGRESS)
        .where({ course_id: courseId })
        .whereIn('user_ref', userRefs)
        .orderBy(['user_ref', 'lesson_id'])
        .select('user_ref', 'lesson_id'),
    ]);
    const lessons = groupLessons(progress, p => p.user_ref);
    return rows.map(row => ({
      userRef: row.user_ref,
      ...toEnrollment(row, course, lessons.get(row.user_ref) ?? []),
    }));
  }

  // --- Internals ------------------------------------------------------------

  /** The courses matching a query's search and facets, unordered. */
  private filtered(
    query: CourseListQuery,
    db: Knex = this.db,
  ): Knex.QueryBuilder {
    const builder = db(`${COURSES} as c`);
    if (query.searchTerms) {
      if (this.isPostgres) {
        builder.whereRaw(
          `c.search_vector @@ to_tsquery('english'::regconfig, ?)`,
          [toTsQuery(query.searchTerms)],
        );
      } else {
        builder
          .join(FTS, `${FTS}.id`, 'c.id')
          .whereRaw(`${FTS} MATCH ?`, [toFts5Query(query.searchTerms)]);
      }
    }
    if (query.category) {
      builder.where('c.category', query.category);
    }
    if (query.level) {
      builder.where('c.level', query.level);
    }
    if (query.tag) {
      const tag = query.tag;
      builder.whereExists(q =>
        q
          .select(this.db.raw('1'))
          .from(`${TAGS} as t`)
          .whereRaw('t.course_id = c.id')
          .andWhere('t.tag', tag),
      );
    }
    return builder;
  }

  private async count(query: CourseListQuery): Promise<number> {
    const [{ count }] = await this.filtered(query).count({ count: '*' });
    return Number(count);
  }

  /**
   * Courses by title, after the cursor. Pages hold one more row than asked
   * for, to know whether there is a next page.
   */
  private async titlePage(query: CourseListQuery): Promise<PageRow[]> {
    const { after, limit } = query;
    const builder = this.filtered(query).select(SUMMARY_COLUMNS);
    if (after?.kind === 'title') {
      builder.whereRaw('(c.sort_title, c.id) > (?, ?)', [
        after.sortTitle,
        after.id,
      ]);
    }
    return builder.orderBy(['c.sort_title', 'c.id']).limit(limit + 1);
  }

  /** Search results by rank, after the cursor, with the count of all matches. */
  private async rankedPage(
    db: Knex,
    query: CourseListQuery,
    searchTerms: string[],
  ): Promise<PageRow[]> {
    const { after, limit } = query;
    // Title matches weigh most, then the summary, then lesson text: weights
    // A/B/C on PostgreSQL, bm25 column weights on SQLite.
    const rank = this.isPostgres
      ? db.raw(
          `(ts_rank(c.search_vector, to_tsquery('english'::regconfig, ?)) * ${RANK_SCALE})::bigint`,
          [toTsQuery(searchTerms)],
        )
      : db.raw(
          `CAST(-bm25(${FTS}, 0.0, 10.0, 4.0, 1.0) * ${RANK_SCALE} AS INTEGER)`,
        );
    const ranked = this.filtered(query, db)
      .select(SUMMARY_COLUMNS)
      .select({ rank });
    // SQLite allows bm25() only in a plain query of the FTS table, so the
    // matches are counted one level up.
    const counted = db
      .from(ranked.as('m'))
      .select('*', db.raw('COUNT(*) OVER () AS total_count'));
    const builder = db.from(counted.as('r')).select('*');
    if (after?.kind === 'rank') {
      builder.where(b =>
        b
          .where('rank', '<', after.rank)
          .orWhere(b2 =>
            b2.where('rank', after.rank).andWhere('id', '>', after.id),
          ),
      );
    }
    return builder
      .orderBy([
        { column: 'rank', order: 'desc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(limit + 1);
  }

  /**
   * Runs a search on PostgreSQL with sequential scans off. The planner
   * costs matching a tsvector as cheap as comparing two numbers, so once a
   * word occurs in more than a few percent of courses it reads every row
   * instead of the GIN index, which is about twice as fast there (see the
   * courses benchmark in docs/benchmarks.md).
   */
  private async withSearchPlan<T>(run: (db: Knex) => Promise<T>): Promise<T> {
    if (!this.isPostgres) {
      return run(this.db);
    }
    return this.db.transaction(async tx => {
      await tx.raw('SET LOCAL enable_seqscan = off');
      return run(tx);
    });
  }

  /** Writes a course's row, tags and search entry; prunes stale progress. */
  private async writeCourse(
    tx: Knex.Transaction,
    course: CourseDocument,
    write: CourseWrite,
    options: { insert: boolean },
  ): Promise<Omit<CourseRow, 'created_at'>> {
    const now = new Date();
    const lessonText = lessonTextOf(course).slice(0, MAX_LESSON_TEXT);
    const lessonIds = lessonIdsOf(course);
    const row: Omit<CourseRow, 'created_at'> = {
      id: course.id,
      title: course.title,
      sort_title: course.title.toLocaleLowerCase('en-US').slice(0, 255),
      summary: course.summary,
      category: course.category,
      level: course.level,
      owner: course.owner,
      source: write.source,
      estimated_minutes: course.estimatedMinutes,
      module_count: course.modules.length,
      lesson_count: lessonIds.length,
      tags: JSON.stringify(course.tags),
      prerequisites: JSON.stringify(course.prerequisites),
      document: JSON.stringify(course),
      lesson_text: lessonText,
      updated_by: write.actor ?? null,
      updated_at: now,
    };
    if (options.insert) {
      await tx(COURSES).insert({ ...row, created_at: now });
    } else {
      await tx(COURSES).where({ id: course.id }).update(row);
    }

    await tx(TAGS).where({ course_id: course.id }).delete();
    if (course.tags.length) {
      await tx(TAGS).insert(
        course.tags.map(tag => ({ course_id: course.id, tag })),
      );
    }
    if (!this.isPostgres) {
      await tx(FTS).where({ id: course.id }).delete();
      await tx(FTS).insert({
        id: course.id,
        title: course.title,
        summary: course.summary,
        lesson_text: lessonText,
      });
    }

    if (!options.insert) {
      await tx(PROGRESS)
        .where({ course_id: course.id })
        .whereNotIn('lesson_id', lessonIds)
        .delete();
      await this.recomputeCompletion(tx, course.id, lessonIds.length);
    }
    return row;
  }

  /**
   * After a course changed its lessons: whoever has done all of them now
   * completed it (keeping an earlier completion time), nobody else has.
   */
  private async recomputeCompletion(
    tx: Knex.Transaction,
    courseId: string,
    lessonCount: number,
  ) {
    const done = tx.raw(
      `(SELECT COUNT(*) FROM ${PROGRESS} p WHERE p.course_id = ${ENROLLMENTS}.course_id AND p.user_ref = ${ENROLLMENTS}.user_ref)`,
    );
    await tx(ENROLLMENTS)
      .where({ course_id: courseId })
      .whereNotNull('completed_at')
      .where(done, '<', lessonCount)
      .update({ completed_at: null });
    await tx(ENROLLMENTS)
      .where({ course_id: courseId })
      .whereNull('completed_at')
      .where(done, '>=', lessonCount)
      .update({ completed_at: new Date() });
  }

  /** Everything of deleted courses but their rows. */
  private async deleteCourseData(tx: Knex.Transaction, ids: string[]) {
    await tx(TAGS).whereIn('course_id', ids).delete();
    await tx(PROGRESS).whereIn('course_id', ids).delete();
    await tx(ENROLLMENTS).whereIn('course_id', ids).delete();
    if (!this.isPostgres) {
      await tx(FTS).whereIn('id', ids).delete();
    }
  }

  private async enrollmentCourse(
    db: Knex,
    courseId: string,
  ): Promise<EnrollmentCourse> {
    const course = await db<CourseRow>(COURSES)
      .where({ id: courseId })
      .first('id', 'title', 'lesson_count');
    if (!course) {
      throw new NotFoundError(`No course "${courseId}"`);
    }
    return course;
  }

  /** The user's enrolment, and whether it was made just now. */
  private async ensureEnrolled(
    tx: Knex.Transaction,
    courseId: string,
    userRef: string,
  ): Promise<{ row: EnrollmentRow; enrolled: boolean }> {
    const key = { course_id: courseId, user_ref: userRef };
    const existing = await tx<EnrollmentRow>(ENROLLMENTS).where(key).first();
    if (existing) {
      return { row: existing, enrolled: false };
    }
    const row = { ...key, enrolled_at: new Date(), completed_at: null };
    await tx(ENROLLMENTS).insert(row);
    return { row, enrolled: true };
  }

  private async readEnrollment(
    tx: Knex.Transaction,
    course: EnrollmentCourse,
    row: EnrollmentRow,
  ): Promise<Enrollment> {
    const lessons = await tx(PROGRESS)
      .where({ course_id: row.course_id, user_ref: row.user_ref })
      .orderBy('lesson_id')
      .pluck('lesson_id');
    return toEnrollment(row, course, lessons);
  }
}

function lessonIdsOf(course: CourseDocument): string[] {
  return course.modules.flatMap(m => m.lessons.map(l => l.id));
}

/** What search finds in a course besides its title and summary. */
function lessonTextOf(course: CourseDocument): string {
  return course.modules
    .flatMap(m => [
      m.title,
      ...m.lessons.flatMap(l => [
        l.title,
        l.description,
        l.type === 'markdown' ? l.body : undefined,
      ]),
    ])
    .filter(Boolean)
    .join('\n');
}

function groupLessons<T extends { lesson_id: string }>(
  rows: T[],
  keyOf: (row: T) => string,
): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const row of rows) {
    const key = keyOf(row);
    groups.set(key, [...(groups.get(key) ?? []), row.lesson_id]);
  }
  return groups;
}

function toIso(value: DbTimestamp): string {
  return new Date(value).toISOString();
}

function toSummary(row: SummaryRow): CourseSummary {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    category: row.category,
    level: row.level,
    tags: JSON.parse(row.tags),
    estimatedMinutes: row.estimated_minutes,
    owner: row.owner,
    prerequisites: JSON.parse(row.prerequisites),
    source: row.source,
    ...(row.updated_by && { updatedBy: row.updated_by }),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    moduleCount: row.module_count,
    lessonCount: row.lesson_count,
  };
}

function toCourse(row: CourseRow): Course {
  const document: CourseDocument = JSON.parse(row.document);
  return {
    ...document,
    source: row.source,
    ...(row.updated_by && { updatedBy: row.updated_by }),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

function toEnrollment(
  row: EnrollmentRow,
  course: EnrollmentCourse,
  completedLessonIds: string[],
): Enrollment {
  return {
    courseId: course.id,
    courseTitle: course.title,
    enrolledAt: toIso(row.enrolled_at),
    progress: Math.min(1, completedLessonIds.length / course.lesson_count),
    completedLessonIds,
    ...(row.completed_at !== null && { completedAt: toIso(row.completed_at) }),
  };
}
