/**
 * The demo platform both local doubles serve: per service, one production
 * ArgoCD application with its Kubernetes Deployment, and one ArgoCD
 * application for each shared pre-production environment (development,
 * staging). This is the single place that says what runs where; the ArgoCD
 * and Kubernetes views are both derived from it.
 *
 * Naming contract with the catalog (demo/catalog/components.yaml):
 * production ArgoCD app name = `backstage.io/kubernetes-id` = Deployment
 * name = the service's `argocd/app-name`; the application of environment
 * `<env>` is `<app-name>-<env>` (the portal's environments.argocd.targets).
 */

/** ArgoCD project a service belongs to; one per product domain. */
export type DemoDomain = 'learning' | 'jobs' | 'platform';

/** Decides the flavour of the generated container logs. */
export type DemoRuntime = 'node' | 'python' | 'go' | 'nginx';

export interface DemoAutoscaler {
  minReplicas: number;
  maxReplicas: number;
  targetCpuUtilizationPercent: number;
}

export interface DemoService {
  name: string;
  namespace: string;
  project: DemoDomain;
  /** Image repository without tag; the tag is the deployed git revision. */
  image: string;
  replicas: number;
  /** Container and Service port; absent for workers, which get no Service. */
  port?: number;
  runtime: DemoRuntime;
  /** Request paths that appear in access logs. */
  routes: readonly string[];
  /** How many of its pods crash-loop, whatever revision is deployed. */
  crashLoopingPods?: number;
  /** Last lines the crashing container prints before it exits. */
  crashLog?: readonly string[];
  /** Main has a commit that is not deployed yet, so ArgoCD shows OutOfSync. */
  outOfSync?: boolean;
  /** Public host of an Ingress in front of the Service. */
  ingressHost?: string;
  autoscaler?: DemoAutoscaler;
}

export const GITOPS_REPO_URL = 'https://github.com/acme-platform/gitops';
export const GITOPS_TARGET_REVISION = 'main';
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';
export const ARGOCD_NAMESPACE = 'argocd';
export const IMAGE_REGISTRY = 'ghcr.io/acme-platform';

/** Label the Backstage Kubernetes plugin selects workloads by. */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

export const DEMO_SERVICES: readonly DemoService[] = [
  {
    name: 'course-service',
    namespace: 'learning',
    project: 'learning',
    image: `${IMAGE_REGISTRY}/course-service`,
    replicas: 3,
    port: 3000,
    runtime: 'node',
    routes: [
      '/api/courses?page=1',
      '/api/courses?page=2',
      '/api/courses/search?q=kubernetes',
      '/api/courses/64f1c2/enrollments',
      '/healthz',
    ],
    autoscaler: {
      minReplicas: 3,
      maxReplicas: 6,
      targetCpuUtilizationPercent: 70,
    },
  },
  {
    name: 'user-service',
    namespace: 'learning',
    project: 'learning',
    image: `${IMAGE_REGISTRY}/user-service`,
    replicas: 2,
    port: 5000,
    runtime: 'python',
    routes: [
      '/api/users/me',
      '/api/auth/login',
      '/api/auth/refresh',
      '/healthz',
    ],
  },
  {
    name: 'notification-service',
    namespace: 'learning',
    project: 'learning',
    image: `${IMAGE_REGISTRY}/notification-service`,
    replicas: 2,
    port: 8080,
    runtime: 'go',
    routes: ['/v1/notifications', '/v1/notifications/status', '/healthz'],
    crashLoopingPods: 1,
    crashLog: [
      'level=INFO msg="starting notification-service" port=8080',
      'level=INFO msg="connecting to delivery queue" addr=learning-redis:6379',
      'level=ERROR msg="queue connection failed" err="dial tcp 10.96.38.12:6379: connect: connection refused" attempt=3',
      'panic: notification queue unavailable: dial tcp 10.96.38.12:6379: connect: connection refused',
      '',
      'goroutine 1 [running]:',
      'main.mustConnectQueue(...)',
      '\t/src/cmd/notification-service/main.go:88 +0x1c5',
      'main.main()',
      '\t/src/cmd/notification-service/main.go:41 +0x2d0',
    ],
  },
  {
    name: 'learning-frontend',
    namespace: 'learning',
    project: 'learning',
    image: `${IMAGE_REGISTRY}/learning-frontend`,
    replicas: 2,
    port: 80,
    runtime: 'nginx',
    routes: [
      '/',
      '/courses',
      '/courses/kubernetes-basics',
      '/static/js/main.js',
    ],
    outOfSync: true,
    ingressHost: 'learn.acme.example.com',
  },
  {
    name: 'jobs-api',
    namespace: 'jobs',
    project: 'jobs',
    image: `${IMAGE_REGISTRY}/jobs-api`,
    replicas: 2,
    port: 8080,
    runtime: 'node',
    routes: ['/api/items', '/api/jobs', '/api/jobs/7f3a/status', '/healthz'],
  },
  {
    name: 'jobs-worker',
    namespace: 'jobs',
    project: 'jobs',
    image: `${IMAGE_REGISTRY}/jobs-worker`,
    replicas: 2,
    runtime: 'node',
    routes: ['process-data', 'send-notification', 'generate-report', 'cleanup'],
    autoscaler: {
      minReplicas: 2,
      maxReplicas: 10,
      targetCpuUtilizationPercent: 75,
    },
  },
  {
    name: 'pipeline-engine',
    namespace: 'platform',
    project: 'platform',
    image: `${IMAGE_REGISTRY}/pipeline-engine`,
    replicas: 2,
    port: 8080,
    runtime: 'go',
    routes: ['/v1/webhooks/github', '/v1/pipelines/runs', '/healthz'],
    outOfSync: true,
  },
  {
    name: 'infrastructure-controller',
    namespace: 'platform',
    project: 'platform',
    image: `${IMAGE_REGISTRY}/infrastructure-controller`,
    replicas: 1,
    port: 8080,
    runtime: 'go',
    routes: ['/metrics', '/healthz', '/readyz'],
  },
  {
    name: 'developer-portal',
    namespace: 'backstage',
    project: 'platform',
    image: `${IMAGE_REGISTRY}/developer-portal`,
    replicas: 2,
    port: 7007,
    runtime: 'node',
    routes: ['/api/catalog/entities', '/api/techdocs/static', '/healthcheck'],
    ingressHost: 'portal.acme.example.com',
  },
];

/**
 * The shared pre-production environments every service has an ArgoCD
 * application for: project `default`, destination namespace = the
 * environment's name. Only ArgoCD knows them; the Kubernetes double runs
 * the production workloads alone.
 */
export const DEMO_PRE_PRODUCTION_ENVIRONMENTS = [
  'development',
  'staging',
] as const;

/** The project of the pre-production applications. */
export const PRE_PRODUCTION_PROJECT = 'default';

/** One ArgoCD application: which service it deploys, where. */
export interface DemoApplication {
  /** The Application's name. */
  name: string;
  service: DemoService;
  /** `production`, a pre-production environment, or e.g. a preview's name. */
  environment: string;
  /** spec.project. */
  project: string;
  /** spec.destination.namespace. */
  namespace: string;
  /**
   * Whether the Kubernetes double runs its workloads (production only);
   * the others sync and report state in ArgoCD alone.
   */
  runsWorkloads: boolean;
}

/** The production application of a service: named and placed like it. */
export function productionApplication(service: DemoService): DemoApplication {
  return {
    name: service.name,
    service,
    environment: 'production',
    project: service.project,
    namespace: service.namespace,
    runsWorkloads: true,
  };
}

/** Every application of the services: production's, then one per pre-production environment. */
export function demoApplications(
  services: readonly DemoService[],
): DemoApplication[] {
  return services.flatMap(service => [
    productionApplication(service),
    ...DEMO_PRE_PRODUCTION_ENVIRONMENTS.map(
      (environment): DemoApplication => ({
        name: `${service.name}-${environment}`,
        service,
        environment,
        project: PRE_PRODUCTION_PROJECT,
        namespace: environment,
        runsWorkloads: false,
      }),
    ),
  ]);
}

/** Namespaces the Kubernetes double reports, besides the workloads' own. */
export const SYSTEM_NAMESPACES: readonly string[] = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  ARGOCD_NAMESPACE,
];

/** Nodes pods are scheduled on (names only; nodes themselves are not served). */
export const DEMO_NODES: readonly string[] = [
  'pool-general-7k2xq',
  'pool-general-9m4tz',
  'pool-general-c8d5w',
];

/** The demo platform's applications, in the order the services are listed. */
export const DEMO_APPLICATIONS: readonly DemoApplication[] =
  demoApplications(DEMO_SERVICES);
