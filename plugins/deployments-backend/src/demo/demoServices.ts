/**
 * How each demo service ships: the services of demo/catalog (whose
 * `argocd/app-name` equals the name), their owners' members in
 * demo/catalog/org.yaml, and a cadence and failure rate of their own.
 */
export interface DemoServiceProfile {
  name: string;
  /** ArgoCD project, as the local ArgoCD double has it. */
  project: string;
  /** User names (demo/catalog/org.yaml) of the owning team, who merge and promote. */
  engineers: readonly string[];
  devPerWeekday: number;
  stagingPerWeek: number;
  productionPerWeek: number;
  /** Share of production deployments that fail; lower environments fail a little more. */
  productionFailureRate: number;
  /** Where the service's 0.x minor versions started a year ago. */
  firstMinor: number;
}

const LEARNING_TEAM = ['maya-chen', 'daniel-okafor'];
const JOBS_TEAM = ['sofia-martins', 'lukas-weber'];
const PLATFORM_TEAM = ['priya-raman', 'tomas-novak'];

/** The learning team ships often and breaks production most; notification-service is its sore spot. */
export const DEMO_SERVICE_PROFILES: readonly DemoServiceProfile[] = [
  {
    name: 'course-service',
    project: 'learning',
    engineers: LEARNING_TEAM,
    devPerWeekday: 3,
    stagingPerWeek: 4,
    productionPerWeek: 3,
    productionFailureRate: 0.14,
    firstMinor: 6,
  },
  {
    name: 'user-service',
    project: 'learning',
    engineers: LEARNING_TEAM,
    devPerWeekday: 2,
    stagingPerWeek: 3,
    productionPerWeek: 2,
    productionFailureRate: 0.12,
    firstMinor: 3,
  },
  {
    name: 'notification-service',
    project: 'learning',
    engineers: LEARNING_TEAM,
    devPerWeekday: 2,
    stagingPerWeek: 2.5,
    productionPerWeek: 1.5,
    productionFailureRate: 0.3,
    firstMinor: 1,
  },
  {
    name: 'learning-frontend',
    project: 'learning',
    engineers: LEARNING_TEAM,
    devPerWeekday: 4,
    stagingPerWeek: 5,
    productionPerWeek: 4,
    productionFailureRate: 0.17,
    firstMinor: 8,
  },
  {
    name: 'jobs-api',
    project: 'jobs',
    engineers: JOBS_TEAM,
    devPerWeekday: 3,
    stagingPerWeek: 4,
    productionPerWeek: 5,
    productionFailureRate: 0.05,
    firstMinor: 5,
  },
  {
    name: 'jobs-worker',
    project: 'jobs',
    engineers: JOBS_TEAM,
    devPerWeekday: 2,
    stagingPerWeek: 3,
    productionPerWeek: 2,
    productionFailureRate: 0.07,
    firstMinor: 2,
  },
  {
    name: 'pipeline-engine',
    project: 'platform',
    engineers: PLATFORM_TEAM,
    devPerWeekday: 3,
    stagingPerWeek: 3,
    productionPerWeek: 3,
    productionFailureRate: 0.04,
    firstMinor: 4,
  },
  {
    name: 'infrastructure-controller',
    project: 'platform',
    engineers: PLATFORM_TEAM,
    devPerWeekday: 1.5,
    stagingPerWeek: 2,
    productionPerWeek: 1.5,
    productionFailureRate: 0.06,
    firstMinor: 1,
  },
  {
    name: 'developer-portal',
    project: 'platform',
    engineers: PLATFORM_TEAM,
    devPerWeekday: 2,
    stagingPerWeek: 3,
    productionPerWeek: 2,
    productionFailureRate: 0.05,
    firstMinor: 7,
  },
];
