import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import {
  DocumentCollatorFactory,
  IndexableDocument,
} from '@backstage/plugin-search-common';
import { CoursesApi, CoursesClient } from '@internal/plugin-courses-common';
import { Readable } from 'node:stream';

/** A course in the search index. */
export interface CourseDocument extends IndexableDocument {
  category: string;
  level: string;
  tags: string[];
}

/** Courses per request while paging through the catalog. */
const PAGE_SIZE = 100;

/**
 * Indexes every course (title and summary; the courses API searches lesson
 * text itself) as documents of type `course`, linking to its page. Reads the
 * courses API with a plugin token, so it sees what the plugin serves.
 */
export class CourseCollatorFactory implements DocumentCollatorFactory {
  readonly type = 'course';

  static fromServices(options: {
    discovery: DiscoveryService;
    auth: AuthService;
  }): CourseCollatorFactory {
    const { discovery, auth } = options;
    const fetchWithToken: typeof fetch = async (input, init) => {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'courses',
      });
      return fetch(input, {
        ...init,
        headers: { ...init?.headers, Authorization: `Bearer ${token}` },
      });
    };
    return new CourseCollatorFactory(
      new CoursesClient({
        discoveryApi: discovery,
        fetchApi: { fetch: fetchWithToken },
      }),
    );
  }

  constructor(private readonly courses: Pick<CoursesApi, 'listCourses'>) {}

  async getCollator(): Promise<Readable> {
    return Readable.from(this.documents());
  }

  private async *documents(): AsyncGenerator<CourseDocument> {
    let cursor: string | undefined;
    do {
      const page = await this.courses.listCourses({ limit: PAGE_SIZE, cursor });
      for (const course of page.items) {
        yield {
          title: course.title,
          text: course.summary,
          location: `/learn/courses/${encodeURIComponent(course.id)}`,
          category: course.category,
          level: course.level,
          tags: course.tags,
        };
      }
      cursor = page.nextCursor;
    } while (cursor);
  }
}
