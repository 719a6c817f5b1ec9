import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { CourseDocument } from '@internal/plugin-courses-common';
import request from 'supertest';
import { createCourseStores } from '../database/createCourseStores';
import { coursesPlugin } from '../plugin';
import {
  courseDocument,
  recordingAuditor,
  recordingNotifications,
} from '../testUtils';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const PLATFORM_TEAM = 'group:default/platform-team';
const LEARNING_TEAM = 'group:default/learning-team';
const PAYMENTS_TEAM = 'group:default/payments-team';
/** A platform-team member: an administrator under the portal's policy. */
const ADA = 'user:default/ada';
/** Members of the learning team, which owns the test courses. */
const OLGA = 'user:default/olga';
const LENA = 'user:default/lena';
/** A member of the payments team only. */
const OSCAR = 'user:default/oscar';

const MEMBERSHIPS: Record<string, string[]> = {
  [ADA]: [ADA, PLATFORM_TEAM],
  [OLGA]: [OLGA, LEARNING_TEAM],
  [LENA]: [LENA, LEARNING_TEAM],
  [OSCAR]: [OSCAR, PAYMENTS_TEAM],
};

function group(name: string, members: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: members.map(targetRef => ({ type: 'hasMember', targetRef })),
  };
}

function user(name: string, displayName: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { profile: { displayName } },
  };
}

const entities = [
  group('platform-team', [ADA]),
  group('learning-team', [OLGA, LENA]),
  group('payments-team', [OSCAR]),
  user('ada', 'Ada'),
  user('olga', 'Olga'),
  user('lena', 'Lena'),
  user('oscar', 'Oscar'),
];

/**
 * The portal policy's answer to course.manage: administrators may manage
 * any course, everyone else the courses their groups own.
 */
function policyDecision(userRef: string): PolicyDecision {
  const claims = MEMBERSHIPS[userRef] ?? [userRef];
  if (claims.includes(PLATFORM_TEAM)) {
    return { result: AuthorizeResult.ALLOW };
  }
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'courses',
    resourceType: 'course',
    conditions: {
      rule: 'IS_COURSE_OWNER',
      resourceType: 'course',
      params: { claims },
    },
  };
}

const learningCourse = (overrides: Partial<CourseDocument> = {}) =>
  courseDocument({ owner: LEARNING_TEAM, ...overrides });

describe.each(databases.eachSupportedId())('courses API on %p', databaseId => {
  async function startBackend(databaseId_: TestDatabaseId = databaseId) {
    const knex = await databases.init(databaseId_);
    const notifications = recordingNotifications();
    const auditor = recordingAuditor();
    const permissions = mockServices.permissions.mock({
      authorizeConditional: async (requests, { credentials }) =>
        requests.map(() =>
          credentials.principal &&
          (credentials.principal as { type: string }).type === 'user'
            ? policyDecision(
                (credentials.principal as { userEntityRef: string })
                  .userEntityRef,
              )
            : { result: AuthorizeResult.ALLOW },
        ) as any,
    });
    const userInfo = mockServices.userInfo.mock({
      getUserInfo: async credentials => {
        const { userEntityRef } = credentials.principal as {
          userEntityRef: string;
        };
        return {
          userEntityRef,
          ownershipEntityRefs: MEMBERSHIPS[userEntityRef] ?? [userEntityRef],
        };
      },
    });
    const { server } = await startTestBackend({
      features: [
        coursesPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            courses: {
              locations: [
                { type: 'url', target: 'https://example.com/courses.yaml' },
                { type: 'url', target: 'https://example.com/later.yaml' },
              ],
              // Refreshes are tested on their own; keep them out of the way.
              schedule: {
                frequency: { hours: 24 },
                timeout: { minutes: 1 },
                initialDelay: { hours: 24 },
              },
            },
          },
        }),
        permissions.factory,
        userInfo.factory,
        createServiceFactory({
          service: coreServices.auditor,
          deps: {},
          factory: () => auditor.service,
        }),
        catalogServiceMock.factory({ entities }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => notifications.service,
        }),
      ],
    });
    // The plugin's own store over the same database, to arrange what the
    // API cannot create (courses from locations).
    const { courseCatalog: store } = await createCourseStores({
      database: mockServices.database({ knex, migrations: { skip: true } }),
    });
    const api = request(server);
    const as = (userRef: string) => mockCredentials.user.header(userRef);
    return {
      api,
      as,
      sent: notifications.sent,
      audited: auditor.events,
      store,
    };
  }

  const base = '/api/courses';

  describe('authoring', () => {
    it('lets members of the owner group create, replace and delete a course', async () => {
      const { api, as, audited } = await startBackend();
      const course = learningCourse();

      const created = await api
        .post(`${base}/courses`)
        .set('Authorization', as(OLGA))
        .send(course);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        ...course,
        source: 'api',
        updatedBy: OLGA,
      });

      const replaced = await api
        .put(`${base}/courses/${course.id}`)
        .set('Authorization', as(LENA))
        .send({ ...course, title: 'Docs like code' });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toMatchObject({
        title: 'Docs like code',
        updatedBy: LENA,
      });

      const got = await api
        .get(`${base}/courses/${course.id}`)
        .set('Authorization', as(OSCAR));
      expect(got.status).toBe(200);
      expect(got.body.modules).toEqual(course.modules);

      const deleted = await api
        .delete(`${base}/courses/${course.id}`)
        .set('Authorization', as(OLGA));
      expect(deleted.status).toBe(204);
      const gone = await api
        .get(`${base}/courses/${course.id}`)
        .set('Authorization', as(OLGA));
      expect(gone.status).toBe(404);
      expect(gone.body.error.message).toBe('No course "writing-techdocs"');

      // Reads are not audited; each write is, with its outcome.
      expect(audited).toEqual(
        ['course-create', 'course-update', 'course-delete'].map(eventId => ({
          eventId,
          severityLevel: 'medium',
          meta: { courseId: course.id },
          outcome: 'succeeded',
        })),
      );
    });

    it('lets administrators manage any course', async () => {
      const { api, as } = await startBackend();
      const course = learningCourse();

      expect(
        (
          await api
            .post(`${base}/courses`)
            .set('Authorization', as(ADA))
            .send(course)
        ).status,
      ).toBe(201);
      expect(
        (
          await api
            .delete(`${base}/courses/${course.id}`)
            .set('Authorization', as(ADA))
        ).status,
      ).toBe(204);
    });

    it('refuses course.manage to non-owners (403), changing nothing', async () => {
      const { api, as, audited } = await startBackend();
      const course = learningCourse();
      await api
        .post(`${base}/courses`)
        .set('Authorization', as(OLGA))
        .send(course);

      const create = await api
        .post(`${base}/courses`)
        .set('Authorization', as(OSCAR))
        .send(learningCourse({ id: 'other' }));
      const replace = await api
        .put(`${base}/courses/${course.id}`)
        .set('Authorization', as(OSCAR))
        .send({ ...course, owner: PAYMENTS_TEAM });
      const remove = await api
        .delete(`${base}/courses/${course.id}`)
        .set('Authorization', as(OSCAR));
      // Owners cannot hand a course to a group they are not in either.
      const handOver = await api
        .put(`${base}/courses/${course.id}`)
        .set('Authorization', as(OLGA))
        .send({ ...course, owner: PAYMENTS_TEAM });

      for (const response of [create, replace, remove, handOver]) {
        expect(response.status).toBe(403);
      }
      expect(replace.body.error.message).toBe(
        `You may not manage courses owned by ${LEARNING_TEAM}`,
      );
      expect(handOver.body.error.message).toBe(
        `You may not manage courses owned by ${PAYMENTS_TEAM}`,
      );
      const unchanged = await api
        .get(`${base}/courses/${course.id}`)
        .set('Authorization', as(OLGA));
      expect(unchanged.body).toMatchObject({ owner: LEARNING_TEAM });
      expect(
        (await api.get(`${base}/courses/other`).set('Authorization', as(OLGA)))
          .status,
      ).toBe(404);
      // Every refusal is audited as a failed write.
      expect(
        audited.slice(1).map(e => [e.eventId, e.outcome, e.error]),
      ).toEqual([
        ['course-create', 'failed', expect.stringMatching(/^NotAllowedError/)],
        ['course-update', 'failed', expect.stringMatching(/^NotAllowedError/)],
        ['course-delete', 'failed', expect.stringMatching(/^NotAllowedError/)],
        ['course-update', 'failed', expect.stringMatching(/^NotAllowedError/)],
      ]);
    });

    it.each([
      ['a bad slug', { id: 'Not A Slug' }, /^id: "Not A Slug" is not a slug/],
      ['a missing title', { title: undefined }, /title/],
      ['an unknown field', { colour: 'red' }, /^colour: unknown field$/],
      [
        'a lesson field of another type',
        {
          modules: [
            {
              id: 'm',
              title: 'M',
              lessons: [{ id: 'l', title: 'L', type: 'url', body: 'x' }],
            },
          ],
        },
        /modules\[0\]\.lessons\[0\]\.body: unknown field/,
      ],
      [
        'an owner that is no group',
        { owner: 'group:default/nobody' },
        /^owner: no group group:default\/nobody in the catalog$/,
      ],
      [
        'an unknown prerequisite',
        { prerequisites: ['nope'] },
        /^prerequisites\[0\]: no course "nope"$/,
      ],
    ])(
      'rejects %s with a 400 naming the field',
      async (_, overrides, message) => {
        const { api, as } = await startBackend();

        const response = await api
          .post(`${base}/courses`)
          .set('Authorization', as(ADA))
          .send({ ...learningCourse(), ...overrides });

        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(message);
      },
    );

    it('refuses an id taken (409), a path id mismatch (400) and unknown courses (404)', async () => {
      const { api, as } = await startBackend();
      const course = learningCourse();
      await api
        .post(`${base}/courses`)
        .set('Authorization', as(OLGA))
        .send(course);

      const again = await api
        .post(`${base}/courses`)
        .set('Authorization', as(OLGA))
        .send(course);
      expect(again.status).toBe(409);

      const mismatch = await api
        .put(`${base}/courses/${course.id}`)
        .set('Authorization', as(OLGA))
        .send({ ...course, id: 'renamed' });
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.error.message).toBe(
        'id: must be "writing-techdocs", the id in the path',
      );

      const unknown = await api
        .put(`${base}/courses/nope`)
        .set('Authorization', as(OLGA))
        .send({ ...course, id: 'nope' });
      expect(unknown.status).toBe(404);
      expect(
        (
          await api
            .delete(`${base}/courses/nope`)
            .set('Authorization', as(OLGA))
        ).status,
      ).toBe(404);
    });

    it('leaves a course and its learners untouched when a replacement fails', async () => {
      const { api, as } = await startBackend();
      const course = learningCourse();
      await api
        .post(`${base}/courses`)
        .set('Authorization', as(OLGA))
        .send(course);
      await api
        .post(`${base}/courses/${course.id}/progress`)
        .set('Authorization', as(LENA))
        .send({ lessonId: 'why-docs-like-code', completed: true });

      // Valid in shape, but naming a prerequisite that does not exist: the
      // check runs after the permission check, before anything is written.
      const failed = await api
        .put(`${base}/courses/${course.id}`)
        .set('Authorization', as(OLGA))
        .send({
          ...course,
          title: 'Changed',
          modules: [course.modules[1]],
          prerequisites: ['nope'],
        });
      expect(failed.status).toBe(400);

      const after = await api
        .get(`${base}/courses/${course.id}`)
        .set('Authorization', as(OLGA));
      expect(after.body).toMatchObject({
        title: course.title,
        modules: course.modules,
      });
      const mine = await api
        .get(`${base}/me/enrollments`)
        .set('Authorization', as(LENA));
      expect(mine.body.items[0].completedLessonIds).toEqual([
        'why-docs-like-code',
      ]);
    });

    it('keeps courses from locations read-only (409)', async () => {
      const { api, as, store } = await startBackend();
      const course = learningCourse();
      await store.replaceLocationCourses(
        'location:https://example.com/courses.yaml',
        [course],
      );

      const replace = await api
        .put(`${base}/courses/${course.id}`)
        .set('Authorization', as(ADA))
        .send(course);
      const remove = await api
        .delete(`${base}/courses/${course.id}`)
        .set('Authorization', as(ADA));

      expect(replace.status).toBe(409);
      expect(replace.body.error.message).toBe(
        'Course "writing-techdocs" comes from https://example.com/courses.yaml: change it in that file',
      );
      expect(remove.status).toBe(409);
    });
  });

  describe('the catalog', () => {
    async function seed() {
      const backend = await startBackend();
      const { api, as } = backend;
      const courses = [
        learningCourse({
          id: 'platform-tour',
          title: 'A tour of the platform',
          category: 'onboarding',
          tags: ['portal'],
          modules: [
            {
              id: 'm',
              title: 'Delivery',
              lessons: [
                {
                  id: 'l',
                  title: 'How services ship',
                  type: 'markdown',
                  body: 'ArgoCD syncs every service from Git.',
                },
              ],
            },
          ],
        }),
        learningCourse({
          id: 'deploying-with-argocd',
          title: 'Deploying with ArgoCD',
          category: 'delivery',
          level: 'intermediate',
          tags: ['argocd'],
        }),
        learningCourse({ id: 'writing-techdocs', category: 'documentation' }),
      ];
      for (const course of courses) {
        await api
          .post(`${base}/courses`)
          .set('Authorization', as(ADA))
          .send(course);
      }
      return backend;
    }

    it('lists summaries by title, one keyset page at a time', async () => {
      const { api, as } = await seed();

      const first = await api
        .get(`${base}/courses`)
        .query({ limit: 2 })
        .set('Authorization', as(OSCAR));
      expect(first.status).toBe(200);
      expect(first.body.items.map((c: { id: string }) => c.id)).toEqual([
        'platform-tour',
        'deploying-with-argocd',
      ]);
      expect(first.body.totalCount).toBe(3);
      expect(first.body.items[0].modules).toBeUndefined();
      expect(first.body.items[0]).toMatchObject({
        moduleCount: 1,
        lessonCount: 1,
      });

      const second = await api
        .get(`${base}/courses`)
        .query({ limit: 2, cursor: first.body.nextCursor })
        .set('Authorization', as(OSCAR));
      expect(second.body.items.map((c: { id: string }) => c.id)).toEqual([
        'writing-techdocs',
      ]);
      expect(second.body.nextCursor).toBeUndefined();
    });

    it('counts every facet value over the whole catalog', async () => {
      const { api, as } = await seed();

      const response = await api
        .get(`${base}/facets`)
        .set('Authorization', as(OSCAR));

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        categories: [
          { value: 'delivery', count: 1 },
          { value: 'documentation', count: 1 },
          { value: 'onboarding', count: 1 },
        ],
        levels: expect.arrayContaining([{ value: 'intermediate', count: 1 }]),
        tags: [
          { value: 'argocd', count: 1 },
          { value: 'markdown', count: 1 },
          { value: 'portal', count: 1 },
          { value: 'techdocs', count: 1 },
        ],
      });
    });

    it('filters by category, tag and level', async () => {
      const { api, as } = await seed();
      const ids = async (query: object) =>
        (
          await api
            .get(`${base}/courses`)
            .query(query)
            .set('Authorization', as(OSCAR))
        ).body.items.map((c: { id: string }) => c.id);

      expect(await ids({ category: 'delivery' })).toEqual([
        'deploying-with-argocd',
      ]);
      expect(await ids({ tag: 'portal' })).toEqual(['platform-tour']);
      expect(await ids({ level: 'beginner' })).toEqual([
        'platform-tour',
        'writing-techdocs',
      ]);
    });

    it('ranks a title match above a lesson-text match', async () => {
      const { api, as } = await seed();

      const response = await api
        .get(`${base}/courses`)
        .query({ search: 'ArgoCD' })
        .set('Authorization', as(OSCAR));

      expect(response.body.items.map((c: { id: string }) => c.id)).toEqual([
        'deploying-with-argocd',
        'platform-tour',
      ]);
      expect(response.body.totalCount).toBe(2);
    });

    it.each([
      ['limit=0', /limit/],
      ['limit=abc', /limit/],
      ['limit=101', /limit/],
      ['level=expert', /level/],
      ['cursor=bm9wZQ', /^cursor: not a cursor this API returned/],
      ['search=%21%3F', /^search: must contain a letter or digit$/],
    ])('rejects %s with a 400 naming the field', async (query, message) => {
      const { api, as } = await startBackend();

      const response = await api
        .get(`${base}/courses?${query}`)
        .set('Authorization', as(OSCAR));

      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(message);
    });

    it('refuses a title cursor for a search (400)', async () => {
      const { api, as } = await seed();
      const page = await api
        .get(`${base}/courses`)
        .query({ limit: 1 })
        .set('Authorization', as(OSCAR));

      const response = await api
        .get(`${base}/courses`)
        .query({ search: 'argocd', cursor: page.body.nextCursor })
        .set('Authorization', as(OSCAR));

      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/^cursor:/);
    });

    it('answers 400 for a course id that is not a slug, 404 for an unknown one', async () => {
      const { api, as } = await startBackend();

      const bad = await api
        .get(`${base}/courses/Bad_Id`)
        .set('Authorization', as(OSCAR));
      const unknown = await api
        .get(`${base}/courses/nope`)
        .set('Authorization', as(OSCAR));

      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/id/);
      expect(unknown.status).toBe(404);
    });
  });

  describe('enrolment and progress', () => {
    async function withCourse() {
      const backend = await startBackend();
      await backend.api
        .post(`${base}/courses`)
        .set('Authorization', backend.as(OLGA))
        .send(learningCourse());
      return backend;
    }
    const lessons = [
      'why-docs-like-code',
      'read-the-portal-docs',
      'mkdocs-reference',
    ];

    it('enrols, notifying once, and leaves', async () => {
      const { api, as, sent } = await withCourse();

      const enrolled = await api
        .post(`${base}/courses/writing-techdocs/enrollment`)
        .set('Authorization', as(OSCAR));
      expect(enrolled.status).toBe(200);
      expect(enrolled.body).toEqual({
        courseId: 'writing-techdocs',
        courseTitle: 'Writing TechDocs',
        enrolledAt: expect.any(String),
        progress: 0,
        completedLessonIds: [],
      });
      await api
        .post(`${base}/courses/writing-techdocs/enrollment`)
        .set('Authorization', as(OSCAR));
      // Enrolling again changes nothing, and tells nobody.
      expect(sent).toEqual([
        {
          recipients: { type: 'entity', entityRef: OSCAR },
          payload: expect.objectContaining({
            title: 'You enrolled in "Writing TechDocs"',
            link: '/learn/courses/writing-techdocs',
          }),
        },
      ]);

      const left = await api
        .delete(`${base}/courses/writing-techdocs/enrollment`)
        .set('Authorization', as(OSCAR));
      expect(left.status).toBe(204);
      const mine = await api
        .get(`${base}/me/enrollments`)
        .set('Authorization', as(OSCAR));
      expect(mine.body).toEqual({ items: [] });
    });

    it('records progress, completes the course and notifies, and reopens it', async () => {
      const { api, as, sent } = await withCourse();
      const progress = (lessonId: string, completed: boolean) =>
        api
          .post(`${base}/courses/writing-techdocs/progress`)
          .set('Authorization', as(OSCAR))
          .send({ lessonId, completed });

      for (const lessonId of lessons) {
        expect((await progress(lessonId, true)).status).toBe(200);
      }
      const mine = await api
        .get(`${base}/me/enrollments`)
        .set('Authorization', as(OSCAR));
      expect(mine.body.items).toEqual([
        expect.objectContaining({
          courseId: 'writing-techdocs',
          progress: 1,
          completedAt: expect.any(String),
        }),
      ]);
      expect(sent.map(n => [n.recipients, n.payload.title])).toEqual([
        [
          { type: 'entity', entityRef: OSCAR },
          'You enrolled in "Writing TechDocs"',
        ],
        [
          { type: 'entity', entityRef: OSCAR },
          'You completed "Writing TechDocs"',
        ],
      ]);

      const reopened = await progress('mkdocs-reference', false);
      expect(reopened.body.completedAt).toBeUndefined();
      expect(reopened.body.progress).toBeCloseTo(2 / 3);
    });

    it.each([
      [
        { lessonId: 'nope', completed: true },
        /^lessonId: course "writing-techdocs" has no lesson "nope"$/,
      ],
      [{ lessonId: 'mkdocs-reference' }, /completed/],
      [{ lessonId: 'Bad Id', completed: true }, /lessonId/],
    ])(
      'rejects progress %j with a 400 naming the field',
      async (body, message) => {
        const { api, as } = await withCourse();

        const response = await api
          .post(`${base}/courses/writing-techdocs/progress`)
          .set('Authorization', as(OSCAR))
          .send(body);

        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(message);
        const mine = await api
          .get(`${base}/me/enrollments`)
          .set('Authorization', as(OSCAR));
        expect(mine.body.items).toEqual([]);
      },
    );

    it('answers 404 for unknown courses and refuses services', async () => {
      const { api, as } = await withCourse();

      for (const response of [
        await api
          .post(`${base}/courses/nope/enrollment`)
          .set('Authorization', as(OSCAR)),
        await api
          .delete(`${base}/courses/nope/enrollment`)
          .set('Authorization', as(OSCAR)),
        await api
          .post(`${base}/courses/nope/progress`)
          .set('Authorization', as(OSCAR))
          .send({ lessonId: 'l', completed: true }),
      ]) {
        expect(response.status).toBe(404);
      }
      const service = await api
        .post(`${base}/courses/writing-techdocs/enrollment`)
        .set('Authorization', mockCredentials.service.header());
      expect(service.status).toBe(403);
    });
  });

  describe('team completion', () => {
    async function withProgress() {
      const backend = await startBackend();
      const { api, as } = backend;
      await api
        .post(`${base}/courses`)
        .set('Authorization', as(ADA))
        .send(learningCourse());
      await api
        .post(`${base}/courses/writing-techdocs/enrollment`)
        .set('Authorization', as(LENA));
      for (const lessonId of [
        'why-docs-like-code',
        'read-the-portal-docs',
        'mkdocs-reference',
      ]) {
        await api
          .post(`${base}/courses/writing-techdocs/progress`)
          .set('Authorization', as(OLGA))
          .send({ lessonId, completed: true });
      }
      return backend;
    }
    const teamPath = (groupRef: string) =>
      `${base}/courses/writing-techdocs/teams/${encodeURIComponent(groupRef)}`;

    it("shows a team's members with their progress", async () => {
      const { api, as } = await withProgress();

      const response = await api
        .get(teamPath(LEARNING_TEAM))
        .set('Authorization', as(LENA));

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        courseId: 'writing-techdocs',
        groupRef: LEARNING_TEAM,
        items: [
          {
            userEntityRef: LENA,
            displayName: 'Lena',
            enrolled: true,
            progress: 0,
          },
          {
            userEntityRef: OLGA,
            displayName: 'Olga',
            enrolled: true,
            progress: 1,
            completedAt: expect.any(String),
          },
        ],
        memberCount: 2,
        completedCount: 1,
      });
    });

    it('lets course owners see any team, and nobody else', async () => {
      const { api, as } = await withProgress();

      const owner = await api
        .get(teamPath(PAYMENTS_TEAM))
        .set('Authorization', as(OLGA));
      expect(owner.status).toBe(200);
      expect(owner.body.items).toEqual([
        {
          userEntityRef: OSCAR,
          displayName: 'Oscar',
          enrolled: false,
          progress: 0,
        },
      ]);

      const outsider = await api
        .get(teamPath(LEARNING_TEAM))
        .set('Authorization', as(OSCAR));
      expect(outsider.status).toBe(403);
    });

    it('answers 404 for unknown groups and courses, 400 for refs of other kinds', async () => {
      const { api, as } = await withProgress();

      const unknownGroup = await api
        .get(teamPath('group:default/nobody'))
        .set('Authorization', as(ADA));
      const unknownCourse = await api
        .get(`${base}/courses/nope/teams/learning-team`)
        .set('Authorization', as(ADA));
      const notAGroup = await api
        .get(teamPath(OLGA))
        .set('Authorization', as(ADA));

      expect(unknownGroup.status).toBe(404);
      expect(unknownCourse.status).toBe(404);
      expect(notAGroup.status).toBe(400);
      expect(notAGroup.body.error.message).toBe(
        `groupRef: "${OLGA}" is not a group ref`,
      );
    });
  });

  describe('locations', () => {
    it('lists configured locations with their last refresh and courses', async () => {
      const { api, as, store } = await startBackend();
      const target = 'https://example.com/courses.yaml';
      await store.replaceLocationCourses(`location:${target}`, [
        learningCourse(),
      ]);
      await store.recordLocationRefresh({
        target,
        status: 'error',
        error: 'document 1: title: is required',
        lastRefreshAt: '2026-01-01T00:00:00.000Z',
      });

      const response = await api
        .get(`${base}/locations`)
        .set('Authorization', as(OSCAR));

      expect(response.body).toEqual({
        items: [
          {
            target,
            status: 'error',
            error: 'document 1: title: is required',
            lastRefreshAt: '2026-01-01T00:00:00.000Z',
            courseCount: 1,
          },
          {
            target: 'https://example.com/later.yaml',
            status: 'pending',
            courseCount: 0,
          },
        ],
      });
    });
  });
});
