import { Entity, GroupEntity } from '@backstage/catalog-model';
import {
  ConfigEntry,
  Environment,
  EnvironmentMatrix,
  MatrixCell,
  Promotion,
} from '@internal/plugin-environments-common';

/** Where tests mount the environments backend (mockApis.discovery's base). */
export const BACKEND_BASE_URL = 'http://localhost:7007';
export const ENVIRONMENTS_API_URL = `${BACKEND_BASE_URL}/api/environments`;

export const LEARNING_TEAM = 'group:default/learning-team';
export const PLATFORM_TEAM = 'group:default/platform-team';

export const COURSE_SERVICE = 'component:default/course-service';
export const USER_SERVICE = 'component:default/user-service';

export const courseService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'course-service',
    namespace: 'default',
    title: 'Course Service',
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'learning-team',
  },
};

export const PAYMENTS_TEAM = 'group:default/payments-team';

export const userService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'user-service', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments-team' },
};

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

/** A catalog environment as the backend lists it; staging by default. */
export function anEnvironment(
  overrides: Partial<Environment> = {},
): Environment {
  const name = overrides.name ?? 'staging';
  return {
    name,
    tier: 'staging',
    owner: PLATFORM_TEAM,
    status: 'active',
    locked: false,
    origin: 'catalog',
    entityRef: `resource:default/${name}`,
    kubernetes: { cluster: 'local', namespace: name },
    argocd: { project: name, destinationNamespace: name },
    ...overrides,
  };
}

export const development = anEnvironment({
  name: 'development',
  tier: 'development',
});
export const staging = anEnvironment({ name: 'staging', tier: 'staging' });
/** Locked for the release freeze until Monday morning. */
export const production = anEnvironment({
  name: 'production',
  tier: 'production',
  locked: true,
  lock: {
    reason: 'Release freeze for the winter sale',
    until: '2025-11-17T07:00:00.000Z',
    source: 'lock',
  },
});
export const preview = anEnvironment({
  name: 'pr-481',
  title: 'PR #481: course search',
  tier: 'preview',
  owner: LEARNING_TEAM,
  origin: 'preview',
  entityRef: undefined,
  expiresAt: '2025-11-12T09:00:00.000Z',
  createdBy: 'user:default/priya-raman',
  createdAt: '2025-11-10T09:00:00.000Z',
});

export const environments = [development, staging, production, preview];

export function aCell(overrides: Partial<MatrixCell> = {}): MatrixCell {
  return {
    version: '1.42.0',
    deployedAt: '2025-11-10T09:16:15.000Z',
    status: 'succeeded',
    drift: false,
    ...overrides,
  };
}

/**
 * course-service moving 1.44 → 1.43 → 1.42 from development to production,
 * drifted in production; user-service the same everywhere but development.
 */
export function aMatrix(): EnvironmentMatrix {
  return {
    environments: ['development', 'staging', 'production', 'pr-481'],
    rows: [
      {
        entityRef: COURSE_SERVICE,
        versions: {
          development: aCell({ version: '1.44.0-rc.2', status: 'in_progress' }),
          staging: aCell({ version: '1.43.0' }),
          production: aCell({
            version: '1.42.0',
            drift: true,
            driftReason: 'out-of-sync',
          }),
          'pr-481': aCell({ version: '1.44.0-pr481.3' }),
        },
      },
      {
        entityRef: USER_SERVICE,
        versions: {
          development: aCell({ version: '3.9.0' }),
          staging: aCell({ version: '3.8.1' }),
          production: aCell({ version: '3.8.1' }),
        },
      },
    ],
  };
}

export function aPromotion(overrides: Partial<Promotion> = {}): Promotion {
  return {
    id: '5f7c9d1e-3a2b-4c5d-8e9f-0a1b2c3d4e5f',
    entityRef: COURSE_SERVICE,
    version: '1.43.0',
    fromEnvironment: 'staging',
    toEnvironment: 'production',
    status: 'pending',
    deploymentId: '9f0c2a4e-5b1d-4c8e-a7f3-000000000812',
    revision: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
    requestedBy: 'user:default/guest',
    createdAt: '2025-11-10T10:00:00.000Z',
    ...overrides,
  };
}

export function aConfigEntry(
  overrides: Partial<ConfigEntry> = {},
): ConfigEntry {
  return {
    key: 'LOG_LEVEL',
    value: 'info',
    secret: false,
    updatedAt: '2025-11-10T09:00:00.000Z',
    updatedBy: 'user:default/priya-raman',
    ...overrides,
  };
}

/** The JSON error body Backstage backends answer with. */
export function errorBody(name: string, message: string, statusCode: number) {
  return { error: { name, message }, response: { statusCode } };
}
