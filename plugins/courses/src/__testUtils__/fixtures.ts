import { Entity, GroupEntity } from '@backstage/catalog-model';
import {
  Course,
  CourseSummary,
  Enrollment,
  TeamCompletion,
} from '@internal/plugin-courses-common';

/** Where tests mount the courses backend (mockApis.discovery's base). */
export const BACKEND_BASE_URL = 'http://localhost:7007';
export const COURSES_API_URL = `${BACKEND_BASE_URL}/api/courses`;

export const PLATFORM_TEAM = 'group:default/platform-team';
export const LEARNING_TEAM = 'group:default/learning-team';
export const GUEST = 'user:default/guest';

/** A course authored in the portal; tests override what they look at. */
export function aCourse(overrides: Partial<Course> = {}): Course {
  return {
    id: 'deploying-with-argocd',
    title: 'Deploying with ArgoCD',
    summary: 'Ship a service to staging and production the GitOps way.',
    category: 'delivery',
    level: 'intermediate',
    tags: ['argocd', 'kubernetes'],
    estimatedMinutes: 90,
    owner: PLATFORM_TEAM,
    prerequisites: ['portal-basics'],
    modules: [
      {
        id: 'basics',
        title: 'GitOps basics',
        lessons: [
          {
            id: 'what-is-gitops',
            title: 'What is GitOps?',
            type: 'markdown',
            body: 'Git is the **source of truth** for what runs where.',
          },
          {
            id: 'read-the-runbook',
            title: 'Read the runbook',
            type: 'techdocs',
            description: 'Mind the rollback section.',
            entityRef: 'component:default/developer-portal',
            path: 'deployments/',
          },
        ],
      },
      {
        id: 'practice',
        title: 'Practice',
        lessons: [
          {
            id: 'create-a-service',
            title: 'Create a service',
            type: 'template',
            templateRef: 'template:default/node-service',
          },
          {
            id: 'argocd-docs',
            title: 'ArgoCD user guide',
            type: 'url',
            url: 'https://argo-cd.readthedocs.io/en/stable/user-guide/',
          },
        ],
      },
    ],
    source: 'api',
    updatedBy: GUEST,
    createdAt: '2025-11-01T09:00:00.000Z',
    updatedAt: '2025-11-02T09:00:00.000Z',
    ...overrides,
  };
}

export const argoCdCourse = aCourse();

export const portalBasics = aCourse({
  id: 'portal-basics',
  title: 'Portal basics',
  summary: 'Find your way around the catalog, docs and templates.',
  category: 'onboarding',
  level: 'beginner',
  tags: ['backstage'],
  estimatedMinutes: 30,
  prerequisites: [],
  source: 'location:demo/courses/portal-basics.yaml',
  updatedBy: undefined,
  modules: [
    {
      id: 'tour',
      title: 'A tour',
      lessons: [
        {
          id: 'the-catalog',
          title: 'The catalog',
          type: 'markdown',
          body: 'Every service has an owner.',
        },
      ],
    },
  ],
});

export const writingTechDocs = aCourse({
  id: 'writing-techdocs',
  title: 'Writing TechDocs',
  summary: 'Docs like code, next to the service.',
  category: 'documentation',
  level: 'beginner',
  tags: ['techdocs'],
  estimatedMinutes: 45,
  owner: LEARNING_TEAM,
  prerequisites: [],
  modules: [
    {
      id: 'docs-like-code',
      title: 'Docs like code',
      lessons: [
        {
          id: 'mkdocs',
          title: 'MkDocs in a repository',
          type: 'markdown',
          body: 'Add `mkdocs.yml` and a `docs/` folder.',
        },
      ],
    },
  ],
});

export const courses = [argoCdCourse, portalBasics, writingTechDocs];

/** A course as the catalog lists it. */
export function summaryOf(course: Course): CourseSummary {
  const { modules, ...rest } = course;
  return {
    ...rest,
    moduleCount: modules.length,
    lessonCount: modules.reduce((sum, m) => sum + m.lessons.length, 0),
  };
}

export function anEnrollment(overrides: Partial<Enrollment> = {}): Enrollment {
  return {
    courseId: argoCdCourse.id,
    courseTitle: argoCdCourse.title,
    enrolledAt: '2025-11-03T09:00:00.000Z',
    progress: 0,
    completedLessonIds: [],
    ...overrides,
  };
}

export function aTeamCompletion(
  overrides: Partial<TeamCompletion> = {},
): TeamCompletion {
  return {
    courseId: argoCdCourse.id,
    groupRef: PLATFORM_TEAM,
    items: [
      {
        userEntityRef: GUEST,
        displayName: 'Guest User',
        enrolled: true,
        progress: 1,
        completedAt: '2025-11-05T09:00:00.000Z',
      },
      {
        userEntityRef: 'user:default/priya-raman',
        displayName: 'Priya Raman',
        enrolled: true,
        progress: 0.5,
      },
      {
        userEntityRef: 'user:default/sam-lee',
        enrolled: false,
        progress: 0,
      },
    ],
    memberCount: 3,
    completedCount: 1,
    ...overrides,
  };
}

export function aGroup(name: string, displayName: string): GroupEntity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', profile: { displayName }, children: [] },
  };
}

export const teams = [
  aGroup('learning-team', 'Learning Team'),
  aGroup('platform-team', 'Platform Team'),
];

/** A service that recommends the ArgoCD course (and an unknown one). */
export const courseService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'course-service',
    namespace: 'default',
    annotations: {
      'courses/recommended': 'deploying-with-argocd, writing-techdocs',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'learning-team' },
};

/** The JSON error body Backstage backends answer with. */
export function errorBody(name: string, message: string, statusCode: number) {
  return { error: { name, message }, response: { statusCode } };
}
