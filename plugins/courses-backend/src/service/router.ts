import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  assertError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { PolicyDecision } from '@backstage/plugin-permission-common';
import {
  Course,
  CourseDocument,
  courseManagePermission,
  formatCourseDocumentErrors,
  parseCourseDocument,
} from '@internal/plugin-courses-common';
import { JsonObject } from '@backstage/types';
import express, { Request } from 'express';
import { callUpstream, portalJsonBody } from '@internal/portal-node';
import { CourseCatalogStore } from '../database/CourseCatalogStore';
import { EnrollmentStore } from '../database/EnrollmentStore';
import { searchTerms } from '../database/search/fullText';
import { CourseLocationRefresher } from '../ingestion/CourseLocationRefresher';
import { CourseNotifier } from '../notifications/CourseNotifier';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { decodeCursor, encodeCursor } from './cursor';
import { TeamCompletionService } from './TeamCompletion';

export interface RouterOptions {
  courseCatalog: CourseCatalogStore;
  enrollments: EnrollmentStore;
  teamCompletion: TeamCompletionService;
  /** The configured locations and how their last refresh went. */
  locations: Pick<CourseLocationRefresher, 'statuses'>;
  notifier: CourseNotifier;
  /** Applies a (conditional) course.manage decision to a course. */
  isAllowed: (decision: PolicyDecision, course: CourseDocument) => boolean;
  httpAuth: HttpAuthService;
  auth: AuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
}

/** Any typed route's request, as HttpAuthService and the auditor take it. */
type AnyRequest = Request<any, any, any, any, any>;

type Caller = BackstageCredentials<
  BackstageUserPrincipal | BackstageServicePrincipal
>;

/** Who `updatedBy` names for a write. */
function actorOf(caller: Caller): string {
  return caller.principal.type === 'user'
    ? caller.principal.userEntityRef
    : `service:${caller.principal.subject}`;
}

/** A course document from a request body, or a 400 naming every bad field. */
function parseBody(body: unknown): CourseDocument {
  const result = parseCourseDocument(body);
  if (!result.ok) {
    throw new InputError(formatCourseDocumentErrors(result.errors));
  }
  return result.course;
}

const entityNames = makeValidator();

/**
 * A group ref (a bare name is a group in the default namespace), lowercased.
 * Names the catalog would refuse are refused here, before they reach it.
 */
function parseGroupRef(value: string, field: string): string {
  try {
    const ref = parseEntityRef(value, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
    if (
      ref.kind.toLocaleLowerCase('en-US') === 'group' &&
      entityNames.isValidNamespace(ref.namespace) &&
      entityNames.isValidEntityName(ref.name)
    ) {
      return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
    }
  } catch {
    // Reported below, like any other ref that is not a group's.
  }
  throw new InputError(`${field}: "${value}" is not a group ref`);
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    courseCatalog,
    enrollments,
    teamCompletion,
    locations,
    notifier,
    isAllowed,
    httpAuth,
    auth,
    userInfo,
    permissions,
    auditor,
    catalog,
  } = options;

  const router = await createOpenApiRouter({
    middleware: portalJsonBody({ limitBytes: 2 * 1024 * 1024 }),
  });

  /** Reads and course management take a signed-in user or a service. */
  const callerOf = (req: AnyRequest): Promise<Caller> =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  /** Enrolment and progress are a user's own. */
  const userOf = (req: AnyRequest) =>
    httpAuth.credentials(req, { allow: ['user'] });

  /**
   * course.manage is decided once per request; a conditional decision (the
   * policy's IS_COURSE_OWNER for non-admins) is applied to each course here,
   * which also covers courses that do not exist yet.
   */
  async function authorizeManage(caller: Caller, courses: CourseDocument[]) {
    const [decision] = await permissions.authorizeConditional(
      [{ permission: courseManagePermission }],
      { credentials: caller },
    );
    const denied = courses.find(course => !isAllowed(decision, course));
    if (denied) {
      throw new NotAllowedError(
        `You may not manage courses owned by ${denied.owner}`,
      );
    }
  }

  /** Courses from YAML locations change in their file, not here. */
  function assertAuthored(course: Course) {
    if (course.source !== 'api') {
      throw new ConflictError(
        `Course "${course.id}" comes from ${course.source.replace(
          /^location:/,
          '',
        )}: change it in that file`,
      );
    }
  }

  /** What the shape check cannot know: the owner and prerequisites exist. */
  async function checkReferences(course: CourseDocument) {
    const owner = parseGroupRef(course.owner, 'owner');
    const credentials = await auth.getOwnServiceCredentials();
    const group = await callUpstream(
      'the catalog',
      () => catalog.getEntityByRef(owner, { credentials }),
      { inputField: 'owner' },
    );
    if (!group) {
      throw new InputError(`owner: no group ${course.owner} in the catalog`);
    }
    const existing = new Set(
      await courseCatalog.existingCourseIds(course.prerequisites),
    );
    course.prerequisites.forEach((id, index) => {
      if (!existing.has(id)) {
        throw new InputError(`prerequisites[${index}]: no course "${id}"`);
      }
    });
  }

  async function getCourseOr404(id: string): Promise<Course> {
    const course = await courseCatalog.getCourse(id);
    if (!course) {
      throw new NotFoundError(`No course "${id}"`);
    }
    return course;
  }

  /** Runs a write as one auditor event: who did what, and whether it worked. */
  async function audited<T>(
    req: AnyRequest,
    eventId: string,
    meta: JsonObject,
    write: () => Promise<T>,
    severityLevel: 'low' | 'medium' = 'medium',
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId,
      severityLevel,
      request: req,
      meta,
    });
    try {
      const result = await write();
      await event.success();
      return result;
    } catch (error) {
      assertError(error);
      await event.fail({ error });
      throw error;
    }
  }

  // --- Courses ------------------------------------------------------------

  router.get('/courses', async (req, res) => {
    await callerOf(req);
    const { search, category, tag, level, limit = 20, cursor } = req.query;
    const terms = search?.trim() ? searchTerms(search) : undefined;
    const page = await courseCatalog.listCourses({
      searchTerms: terms,
      category,
      tag,
      level,
      limit,
      after:
        cursor === undefined
          ? undefined
          : decodeCursor(cursor, terms ? 'rank' : 'title'),
    });
    res.json({
      items: page.items,
      totalCount: page.totalCount,
      ...(page.next && { nextCursor: encodeCursor(page.next) }),
    });
  });

  router.get('/courses/:id', async (req, res) => {
    await callerOf(req);
    res.json(await getCourseOr404(req.params.id));
  });

  router.post('/courses', async (req, res) => {
    const caller = await callerOf(req);
    const body: unknown = req.body;
    const created = await audited(
      req,
      'course-create',
      { courseId: String((body as { id?: unknown })?.id) },
      async () => {
        const course = parseBody(body);
        await authorizeManage(caller, [course]);
        await checkReferences(course);
        return courseCatalog.createCourse(course, {
          source: 'api',
          actor: actorOf(caller),
        });
      },
    );
    res.status(201).json(created);
  });

  router.put('/courses/:id', async (req, res) => {
    const caller = await callerOf(req);
    const { id } = req.params;
    const body: unknown = req.body;
    const replaced = await audited(
      req,
      'course-update',
      { courseId: id },
      async () => {
        const course = parseBody(body);
        if (course.id !== id) {
          throw new InputError(`id: must be "${id}", the id in the path`);
        }
        const existing = await getCourseOr404(id);
        assertAuthored(existing);
        // Both the course as it is and as it will be: nobody takes over
        // another group's course, nor hands theirs to a group they are not in.
        await authorizeManage(caller, [existing, course]);
        await checkReferences(course);
        return courseCatalog.replaceCourse(course, {
          source: 'api',
          actor: actorOf(caller),
        });
      },
    );
    res.json(replaced);
  });

  router.delete('/courses/:id', async (req, res) => {
    const caller = await callerOf(req);
    const { id } = req.params;
    await audited(req, 'course-delete', { courseId: id }, async () => {
      const existing = await getCourseOr404(id);
      assertAuthored(existing);
      await authorizeManage(caller, [existing]);
      await courseCatalog.deleteCourse(id);
    });
    res.status(204).end();
  });

  // --- Enrolment and progress -------------------------------------------------

  router.post('/courses/:id/enrollment', async (req, res) => {
    const user = await userOf(req);
    const { id } = req.params;
    const { userEntityRef } = user.principal;
    const change = await audited(
      req,
      'course-enroll',
      { courseId: id },
      () => enrollments.enroll(id, userEntityRef),
      'low',
    );
    await notifier.notify(userEntityRef, change);
    res.json(change.enrollment);
  });

  router.delete('/courses/:id/enrollment', async (req, res) => {
    const user = await userOf(req);
    const { id } = req.params;
    await audited(
      req,
      'course-unenroll',
      { courseId: id },
      async () => {
        await getCourseOr404(id);
        await enrollments.unenroll(id, user.principal.userEntityRef);
      },
      'low',
    );
    res.status(204).end();
  });

  router.post('/courses/:id/progress', async (req, res) => {
    const user = await userOf(req);
    const { id } = req.params;
    const { lessonId, completed } = req.body;
    const { userEntityRef } = user.principal;
    const change = await audited(
      req,
      'course-progress',
      { courseId: id, lessonId, completed },
      () =>
        enrollments.setLessonProgress(id, userEntityRef, {
          lessonId,
          completed,
        }),
      'low',
    );
    await notifier.notify(userEntityRef, change);
    res.json(change.enrollment);
  });

  router.get('/me/enrollments', async (req, res) => {
    const user = await userOf(req);
    res.json({
      items: await enrollments.listEnrollments(user.principal.userEntityRef),
    });
  });

  // --- Teams ------------------------------------------------------------------

  router.get('/courses/:id/teams/:groupRef', async (req, res) => {
    const caller = await callerOf(req);
    const groupRef = parseGroupRef(req.params.groupRef, 'groupRef');
    const course = await getCourseOr404(req.params.id);

    // Members see their own team; course owners and admins any team.
    const isMember =
      caller.principal.type === 'user' &&
      (await userInfo.getUserInfo(caller)).ownershipEntityRefs.some(
        ref => ref.toLocaleLowerCase('en-US') === groupRef,
      );
    if (caller.principal.type === 'user' && !isMember) {
      await authorizeManage(caller, [course]);
    }

    res.json(
      await callUpstream(
        'the catalog',
        () => teamCompletion.forCourse(course.id, groupRef),
        { inputField: 'groupRef' },
      ),
    );
  });

  // --- Facets and locations ---------------------------------------------------

  router.get('/facets', async (req, res) => {
    await callerOf(req);
    res.json(await courseCatalog.courseFacets());
  });

  router.get('/locations', async (req, res) => {
    await callerOf(req);
    res.json({ items: await locations.statuses() });
  });

  return router;
}
