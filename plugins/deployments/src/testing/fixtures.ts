import { Entity } from '@backstage/catalog-model';
import {
  CurrentDeployments,
  Deployment,
  DoraMetrics,
} from '@internal/plugin-deployments-common';

/** Where tests mount the deployments backend (mockApis.discovery's base). */
export const BACKEND_BASE_URL = 'http://localhost:7007';
export const DEPLOYMENTS_API_URL = `${BACKEND_BASE_URL}/api/deployments`;

export const courseService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'course-service',
    namespace: 'default',
    title: 'Course Service',
    annotations: {
      'backstage.io/source-location':
        'url:https://github.com/acme-platform/course-service',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'learning-team',
  },
};

let sequence = 0;

/** A deployment as the backend returns it; pipeline run 812 of course-service by default. */
export function aDeployment(overrides: Partial<Deployment> = {}): Deployment {
  sequence += 1;
  const startedAt = overrides.startedAt ?? '2025-11-10T09:12:03.000Z';
  return {
    id: `9f0c2a4e-5b1d-4c8e-a7f3-${String(sequence).padStart(12, '0')}`,
    entityRef: 'component:default/course-service',
    environment: 'production',
    version: '1.42.0',
    commitSha: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
    commitTime: '2025-11-10T08:47:55.000Z',
    image:
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/course-service:4b825dc',
    status: 'succeeded',
    startedAt,
    finishedAt: '2025-11-10T09:16:15.000Z',
    triggeredBy: 'user:default/priya-raman',
    recordedBy: 'service:ci-pipelines',
    trusted: true,
    source: 'ci',
    sourceId: `course-service-main#${800 + sequence}`,
    url: `https://ci.acme.example.com/pipelines/course-service-main/${
      800 + sequence
    }`,
    createdAt: startedAt,
    updatedAt: startedAt,
    ...overrides,
  };
}

export function currentDeploymentsOf(
  deployments: Deployment[],
): CurrentDeployments {
  return {
    entityRef: 'component:default/course-service',
    items: deployments.map(deployment => ({
      environment: deployment.environment,
      version: deployment.version,
      deployedAt: deployment.finishedAt ?? deployment.startedAt,
      deployment,
    })),
  };
}

/** The Learning Team's production metrics over 90 days, as the backend reports them. */
export function learningTeamDoraMetrics(): DoraMetrics {
  const weekly = [3, 4, 2, 5, 4, 6, 5, 4, 6, 7, 5, 8, 7, 2].map(
    (count, index) => ({
      weekStart: new Date(Date.UTC(2025, 7, 11 + 7 * index))
        .toISOString()
        .slice(0, 10),
      count,
    }),
  );
  return {
    scope: {
      owner: 'group:default/learning-team',
      environment: 'production',
      from: '2025-08-13T09:00:00.000Z',
      to: '2025-11-12T09:00:00.000Z',
    },
    deploymentFrequency: {
      perDay: 0.74,
      perWeek: 5.17,
      band: 'high',
      sampleSize: 68,
      weekly,
    },
    leadTimeForChanges: {
      medianSeconds: 3 * 3600 + 25 * 60,
      band: 'elite',
      sampleSize: 64,
    },
    changeFailureRate: { ratio: 0.088, band: 'high', sampleSize: 68 },
    timeToRestore: { medianSeconds: null, band: null, sampleSize: 0 },
  };
}
