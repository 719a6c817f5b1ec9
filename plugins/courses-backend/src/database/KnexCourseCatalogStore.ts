import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  Course,
  COURSE_LEVELS,
  CourseDocument,
  CourseFacets,
  CourseLevel,
  CourseSource,
  CourseSummary,
} from '@internal/plugin-courses-common';
import { isUniqueViolation } from '@internal/portal-node';
import { Knex } from 'knex';
import {
  CourseCatalogStore,
  CourseListQuery,
  CoursePage,
  CourseWrite,
  LocationRefreshRecord,
} from './CourseCatalogStore';
import { CourseLearners } from './EnrollmentStore';
import { CourseSearch, searchableLessonText } from './search/CourseSearch';
import {
  COURSES,
  DbTimestamp,
  lessonIdsOf,
  LOCATIONS,
  TAGS,
  toIso,
} from './tables';

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

interface LocationRow {
  target: string;
  status: 'ok' | 'error';
  error: string | null;
  last_refresh_at: DbTimestamp;
}

/** The course catalog in SQLite or PostgreSQL through knex. */
export class KnexCourseCatalogStore implements CourseCatalogStore {
  constructor(
    private readonly db: Knex,
    private readonly parts: {
      /** Kept in step with every course write, in its transaction. */
      search: CourseSearch;
      /** Told of changed and deleted courses, in the write's transaction. */
      learners: CourseLearners;
    },
  ) {}

  async listCourses(query: CourseListQuery): Promise<CoursePage> {
    const { searchTerms } = query;
    let rows: PageRow[];
    let totalCount: number;
    if (searchTerms) {
      rows = await this.rankedPage(query, searchTerms);
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
    const exists = () =>
      new ConflictError(`id: a course "${course.id}" exists`);
    try {
      return await this.db.transaction(async tx => {
        if (await tx(COURSES).where({ id: course.id }).first('id')) {
          throw exists();
        }
        const row = await this.writeCourse(tx, course, write, {
          insert: true,
        });
        return toCourse({ ...row, created_at: row.updated_at });
      });
    } catch (error) {
      // A concurrent create of the same id got in between check and insert.
      if (isUniqueViolation(error)) throw exists();
      throw error;
    }
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
      const deleted = await this.deleteCourses(tx, [id]);
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
        await this.deleteCourses(tx, removed);
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

  // --- Internals ------------------------------------------------------------

  /** The courses matching a query's search and facets, unordered. */
  private filtered(query: CourseListQuery): Knex.QueryBuilder {
    const builder = this.db(`${COURSES} as c`);
    if (query.searchTerms) {
      this.parts.search.whereMatches(builder, query.searchTerms);
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
    query: CourseListQuery,
    searchTerms: string[],
  ): Promise<PageRow[]> {
    const { db } = this;
    const { after, limit } = query;
    const ranked = this.filtered(query)
      .select(SUMMARY_COLUMNS)
      .select({ rank: this.parts.search.rank(db, searchTerms) });
    // SQLite allows bm25() only in a plain query of the FTS table, so the
    // matches are counted, filtered by cursor and sorted one level up.
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
   * Writes a course's row, tags and search entry and, for a changed course,
   * updates its learners' progress: all in the caller's transaction.
   */
  private async writeCourse(
    tx: Knex.Transaction,
    course: CourseDocument,
    write: CourseWrite,
    options: { insert: boolean },
  ): Promise<Omit<CourseRow, 'created_at'>> {
    const now = new Date();
    const lessonText = searchableLessonText(course);
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
    await this.parts.search.index(tx, {
      id: course.id,
      title: course.title,
      summary: course.summary,
      lessonText,
    });
    if (!options.insert) {
      await this.parts.learners.courseLessonsChanged(tx, course.id, lessonIds);
    }
    return row;
  }

  /** Deletes courses with their tags, search entries and learners. */
  private async deleteCourses(
    tx: Knex.Transaction,
    ids: string[],
  ): Promise<number> {
    const deleted = await tx(COURSES).whereIn('id', ids).delete();
    await tx(TAGS).whereIn('course_id', ids).delete();
    await this.parts.search.remove(tx, ids);
    await this.parts.learners.coursesDeleted(tx, ids);
    return deleted;
  }
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
