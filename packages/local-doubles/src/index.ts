/**
 * Local test doubles of the ArgoCD and Kubernetes APIs and a demo metrics
 * exporter, for the portal's dev start and for tests, plus a helper that runs
 * a real Prometheus for tests. Production configuration never points at them.
 *
 * @packageDocumentation
 */

export {
  ARGOCD_NAMESPACE,
  DEMO_APPLICATIONS,
  DEMO_PRE_PRODUCTION_ENVIRONMENTS,
  DEMO_SERVICES,
  demoApplications,
  GITOPS_REPO_URL,
  KUBERNETES_ID_LABEL,
  PRE_PRODUCTION_PROJECT,
  productionApplication,
} from './demoPlatform';
export type {
  DemoApplication,
  DemoAutoscaler,
  DemoDomain,
  DemoRuntime,
  DemoService,
} from './demoPlatform';
export { createDemoWorld, DemoWorldError } from './world/createDemoWorld';
export type {
  DemoWorld,
  DemoWorldErrorReason,
  DemoWorldOptions,
  KubernetesObject,
  PodLogOptions,
  SyncOptions,
} from './world/createDemoWorld';
export type {
  ArgoApplication,
  ArgoProject,
  ArgoRevisionMetadata,
} from './world/argocdViews';
export { startArgoCdDouble } from './argocd/startArgoCdDouble';
export type { ArgoCdDoubleOptions } from './argocd/startArgoCdDouble';
export { startKubernetesDouble } from './kubernetes/startKubernetesDouble';
export type { KubernetesDoubleOptions } from './kubernetes/startKubernetesDouble';
export type { RunningDouble } from './http/listen';
export { startDemoMetricsExporter } from './metrics/startDemoMetricsExporter';
export type { DemoMetricsExporterOptions } from './metrics/startDemoMetricsExporter';
export { createDemoMetrics } from './metrics/demoMetrics';
export type { DemoMetrics } from './metrics/demoMetrics';
export type { DeployWindow } from './metrics/demoTraffic';
export {
  DEMO_PROMETHEUS_DIR,
  describeWithPrometheus,
  findPrometheusBinary,
  prometheusConfig,
  prometheusMissingMessage,
  startPrometheus,
} from './prometheus/startPrometheus';
export type {
  PrometheusSample,
  PrometheusTarget,
  RunningPrometheus,
  StartPrometheusOptions,
} from './prometheus/startPrometheus';
export { startDemoPrometheus } from './prometheus/startDemoPrometheus';
export type { DemoPrometheus } from './prometheus/startDemoPrometheus';
