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
  parseEntityRef,
  RELATION_HAS_MEMBER,
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
  TeamMemberCompletion,
} from '@internal/plugin-courses-common';
import { JsonObject } from '@backstage/types';
import express, { Request } from 'express';
import { CourseStore } from '../database/CourseStore';
import { searchTerms } from '../database/fullText';
import { CourseLocation, locationSource } from '../ingestion/locations';
import { CourseNotifier } from '../notifications/CourseNotifier';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { decodeCursor, encodeCursor } from './cursor';

export interface RouterOptions {
  store: CourseStore;
  locations: CourseLocation[];
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

/** A group ref (a bare name is a group in the default namespace), lowercased. */
function parseGroupRef(value: string, field: string): string {
  try {
    const ref = parseEntityRef(value, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
    if (ref.kind.toLocaleLowerCase('en-US') === 'group') {
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
    store,
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
    middleware: [express.json({ limit: '2mb' })],
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
    const group = await catalog.getEntityByRef(course.owner, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    if (!group) {
      throw new InputError(`owner: no group ${course.owner} in the catalog`);
    }
    const existing = new Set(
      await store.existingCourseIds(course.prerequisites),
    );
    course.prerequisites.forEach((id, index) => {
      if (!existing.has(id)) {
        throw new InputError(`prerequisites[${index}]: no course "${id}"`);
      }
    });
  }

  async function getCourseOr404(id: string): Promise<Course> {
    const course = await store.getCourse(id);
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
    const page = await store.listCourses({
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
        return store.createCourse(course, {
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
        return store.replaceCourse(course, {
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
      await store.deleteCourse(id);
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
      () => store.enroll(id, userEntityRef),
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
        await store.unenroll(id, user.principal.userEntityRef);
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
      () => store.setLessonProgress(id, userEntityRef, { lessonId, completed }),
      'low',
    );
    await notifier.notify(userEntityRef, change);
    res.json(change.enrollment);
  });

  router.get('/me/enrollments', async (req, res) => {
    const user = await userOf(req);
    res.json({
      items: await store.listEnrollments(user.principal.userEntityRef),
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

    const credentials = await auth.getOwnServiceCredentials();
    const group = await catalog.getEntityByRef(groupRef, { credentials });
    if (!group) {
      throw new NotFoundError(`No group ${groupRef} in the catalog`);
    }
    const memberRefs = [
      ...new Set(
        (group.relations ?? [])
          .filter(relation => relation.type === RELATION_HAS_MEMBER)
          .map(relation => relation.targetRef),
      ),
    ].sort();
    const [{ items: users }, enrollments] = await Promise.all([
      catalog.getEntitiesByRefs(
        {
          entityRefs: memberRefs,
          fields: [
            'kind',
            'metadata.namespace',
            'metadata.name',
            'spec.profile',
          ],
        },
        { credentials },
      ),
      store.listCourseEnrollments(course.id, memberRefs),
    ]);
    const byUser = new Map(enrollments.map(e => [e.userRef, e]));
    const items = memberRefs.map((userEntityRef, index) => {
      const enrollment = byUser.get(userEntityRef);
      const profile = users[index]?.spec?.profile as
        | { displayName?: string }
        | undefined;
      const member: TeamMemberCompletion = {
        userEntityRef,
        ...(profile?.displayName && { displayName: profile.displayName }),
        enrolled: Boolean(enrollment),
        progress: enrollment?.progress ?? 0,
        ...(enrollment?.completedAt && {
          completedAt: enrollment.completedAt,
        }),
      };
      return member;
    });
    res.json({
      courseId: course.id,
      groupRef,
      items,
      memberCount: items.length,
      completedCount: items.filter(item => item.completedAt).length,
    });
  });

  // --- Locations --------------------------------------------------------------

  router.get('/facets', async (req, res) => {
    await callerOf(req);
    res.json(await store.courseFacets());
  });

  router.get('/locations', async (req, res) => {
    await callerOf(req);
    const [refreshes, counts] = await Promise.all([
      store.listLocationRefreshes(),
      store.countCoursesBySource(),
    ]);
    const byTarget = new Map(refreshes.map(r => [r.target, r]));
    res.json({
      items: locations.map(({ target }) => ({
        status: 'pending' as const,
        ...byTarget.get(target),
        target,
        courseCount: counts.get(locationSource(target)) ?? 0,
      })),
    });
  });

  return router;
}
