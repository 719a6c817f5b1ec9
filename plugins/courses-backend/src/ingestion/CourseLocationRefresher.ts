import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { assertError } from '@backstage/errors';
import { CourseLocationStatus } from '@internal/plugin-courses-common';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CourseCatalogStore } from '../database/CourseCatalogStore';
import { CourseLocation, isLocationSource, locationSource } from './locations';
import { parseCourseFile } from './parseCourseFile';

/**
 * Reads every configured location and makes the store's courses match it,
 * and reports how each location fared. Each location is refreshed on its
 * own: one that cannot be read or holds a broken file is logged and
 * recorded, and keeps the courses it had.
 */
export class CourseLocationRefresher {
  constructor(
    private readonly options: {
      locations: CourseLocation[];
      store: CourseCatalogStore;
      urlReader: UrlReaderService;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  async refresh(): Promise<void> {
    const { locations, store } = this.options;
    for (const location of locations) {
      await this.refreshLocation(location);
    }
    // Courses of locations no longer configured go, like catalog orphans.
    const configured = new Set(locations.map(l => locationSource(l.target)));
    for (const source of (await store.countCoursesBySource()).keys()) {
      if (isLocationSource(source) && !configured.has(source)) {
        await store.replaceLocationCourses(source, []);
      }
    }
  }

  /**
   * Each configured location with the outcome of its last refresh and the
   * number of courses it provides; `pending` until it was first refreshed.
   */
  async statuses(): Promise<CourseLocationStatus[]> {
    const { locations, store } = this.options;
    const [refreshes, counts] = await Promise.all([
      store.listLocationRefreshes(),
      store.countCoursesBySource(),
    ]);
    const byTarget = new Map(refreshes.map(r => [r.target, r]));
    return locations.map(({ target }) => ({
      status: 'pending' as const,
      ...byTarget.get(target),
      target,
      courseCount: counts.get(locationSource(target)) ?? 0,
    }));
  }

  private async refreshLocation(location: CourseLocation): Promise<void> {
    const { store, logger } = this.options;
    const lastRefreshAt = (this.options.now?.() ?? new Date()).toISOString();
    try {
      const courses = parseCourseFile(await this.read(location));
      const { upserted, removed } = await store.replaceLocationCourses(
        locationSource(location.target),
        courses,
      );
      await store.recordLocationRefresh({
        target: location.target,
        status: 'ok',
        lastRefreshAt,
      });
      logger.info(
        `Refreshed course location ${location.target}: ${courses.length} courses, ${upserted} changed, ${removed} removed`,
      );
    } catch (error) {
      assertError(error);
      logger.warn(
        `Course location ${location.target} could not be refreshed and keeps its courses: ${error.message}`,
      );
      await store.recordLocationRefresh({
        target: location.target,
        status: 'error',
        error: error.message,
        lastRefreshAt,
      });
    }
  }

  private async read(location: CourseLocation): Promise<string> {
    if (location.type === 'file') {
      return readFile(resolve(location.target), 'utf8');
    }
    const response = await this.options.urlReader.readUrl(location.target);
    return (await response.buffer()).toString('utf8');
  }
}
