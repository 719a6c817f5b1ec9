import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Enrollment } from '@internal/plugin-courses-common';
import { EnrollmentStore } from '../database/EnrollmentStore';
import { TeamCompletionService } from './TeamCompletion';

const TEAM = 'group:default/learning-team';
const LENA = 'user:default/lena';
const OLGA = 'user:default/olga';
const SAM = 'user:default/sam';
const OSCAR = 'user:default/oscar';

function group(name: string, members: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: members.map(targetRef => ({ type: 'hasMember', targetRef })),
  };
}

function user(name: string, displayName?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { profile: displayName ? { displayName } : {} },
  };
}

function enrollment(overrides: Partial<Enrollment>): Enrollment {
  return {
    courseId: 'writing-techdocs',
    courseTitle: 'Writing TechDocs',
    enrolledAt: '2026-01-01T00:00:00.000Z',
    progress: 0,
    completedLessonIds: [],
    ...overrides,
  };
}

/**
 * Enrolments in memory, answering like the store: only those of the
 * course and users asked for.
 */
function enrollmentsOf(
  all: Array<Enrollment & { userRef: string }>,
): Pick<EnrollmentStore, 'listCourseEnrollments'> {
  return {
    listCourseEnrollments: async (courseId, userRefs) =>
      all.filter(e => e.courseId === courseId && userRefs.includes(e.userRef)),
  };
}

function serviceWith(
  entities: Entity[],
  enrollments: Array<Enrollment & { userRef: string }> = [],
) {
  return new TeamCompletionService({
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    enrollments: enrollmentsOf(enrollments),
  });
}

describe('TeamCompletionService', () => {
  it("lists every member by ref with their progress in the course, and nobody else's", async () => {
    const service = serviceWith(
      [
        // Relations as the catalog may list them: unsorted, repeated.
        group('learning-team', [SAM, OLGA, LENA, OLGA]),
        user('lena', 'Lena'),
        user('olga', 'Olga'),
        user('sam'),
      ],
      [
        {
          userRef: OLGA,
          ...enrollment({
            progress: 1,
            completedAt: '2026-01-02T00:00:00.000Z',
          }),
        },
        { userRef: LENA, ...enrollment({ progress: 0.5 }) },
        // Another course, and someone outside the team.
        { userRef: SAM, ...enrollment({ courseId: 'other', progress: 1 }) },
        { userRef: OSCAR, ...enrollment({ progress: 1 }) },
      ],
    );

    expect(await service.forCourse('writing-techdocs', TEAM)).toEqual({
      courseId: 'writing-techdocs',
      groupRef: TEAM,
      items: [
        {
          userEntityRef: LENA,
          displayName: 'Lena',
          enrolled: true,
          progress: 0.5,
        },
        {
          userEntityRef: OLGA,
          displayName: 'Olga',
          enrolled: true,
          progress: 1,
          completedAt: '2026-01-02T00:00:00.000Z',
        },
        { userEntityRef: SAM, enrolled: false, progress: 0 },
      ],
      memberCount: 3,
      completedCount: 1,
    });
  });

  it('lists members the catalog has no user entity for by their ref', async () => {
    const service = serviceWith([group('learning-team', [LENA])]);

    expect((await service.forCourse('writing-techdocs', TEAM)).items).toEqual([
      { userEntityRef: LENA, enrolled: false, progress: 0 },
    ]);
  });

  it('answers an empty team for a group without members', async () => {
    const service = serviceWith([group('learning-team', [])]);

    expect(await service.forCourse('writing-techdocs', TEAM)).toEqual({
      courseId: 'writing-techdocs',
      groupRef: TEAM,
      items: [],
      memberCount: 0,
      completedCount: 0,
    });
  });

  it('refuses a group that is not in the catalog', async () => {
    const service = serviceWith([group('learning-team', [LENA])]);

    await expect(
      service.forCourse('writing-techdocs', 'group:default/nobody'),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'No group group:default/nobody in the catalog',
    });
  });
});
