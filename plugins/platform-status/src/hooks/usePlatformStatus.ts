import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  isPrometheusAvailable,
  SummaryResponse,
} from '@internal/plugin-prometheus-common';
import { errorMessage } from '@internal/portal-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { deploymentsApiRef } from '@internal/plugin-deployments-react';
import { prometheusApiRef } from '@internal/plugin-prometheus-react';
import { kubernetesApiRef } from '@backstage/plugin-kubernetes-react';
import {
  ARGOCD_ANNOTATION_APP_NAME,
  ARGOCD_ANNOTATION_APP_NAMESPACE,
  ARGOCD_ANNOTATION_APP_SELECTOR,
  ArgoCDApi,
  argoCDApiRef,
} from '@roadiehq/backstage-plugin-argo-cd';
import {
  AlertSummary,
  readinessOf,
  ServiceStatus,
  SourceResult,
  summarizeAlerts,
  worstArgo,
} from '../status';

const KUBERNETES_ID = 'backstage.io/kubernetes-id';
const KUBERNETES_SELECTOR = 'backstage.io/kubernetes-label-selector';

async function settle<T>(
  applies: boolean,
  load: () => Promise<T>,
): Promise<SourceResult<T>> {
  if (!applies) return { state: 'absent' };
  try {
    return { state: 'ok', value: await load() };
  } catch (error) {
    return { state: 'error', message: errorMessage(error as Error) };
  }
}

type SummaryResult =
  | { ok: true; value: SummaryResponse }
  | { ok: false; message: string };

/**
 * An entity's alerts or error ratio out of Prometheus's `GET /summary`.
 * An entity it could not summarize (its `error`) shows that error unless
 * the part asked for came through anyway.
 */
function summaryOf(
  entityRef: string,
  applies: boolean,
  summary: SummaryResult,
  part: 'alerts',
): SourceResult<AlertSummary>;
function summaryOf(
  entityRef: string,
  applies: boolean,
  summary: SummaryResult,
  part: 'errorRatio',
): SourceResult<number | null>;
function summaryOf(
  entityRef: string,
  applies: boolean,
  summary: SummaryResult,
  part: 'alerts' | 'errorRatio',
): SourceResult<AlertSummary | number | null> {
  if (!applies) return { state: 'absent' };
  if (!summary.ok) return { state: 'error', message: summary.message };
  const item = summary.value.items.find(i => i.entityRef === entityRef);
  if (!item) {
    return {
      state: 'error',
      message: 'Not in the Prometheus summary (over its maxEntities?)',
    };
  }
  if (part === 'alerts') {
    if (item.error && item.alerts.length === 0) {
      return { state: 'error', message: item.error.message };
    }
    return { state: 'ok', value: summarizeAlerts(item.alerts) };
  }
  const signal = item.signals.find(s => s.name === 'error_ratio');
  if (item.error && (signal?.value ?? null) === null) {
    return { state: 'error', message: item.error.message };
  }
  if (!signal) {
    return {
      state: 'error',
      message: 'error_ratio is not among prometheus.summary.signals',
    };
  }
  return { state: 'ok', value: signal.value };
}

type ArgoApps = {
  appName?: string;
  appSelector?: string;
  appNamespace?: string;
};

/**
 * The worst sync and health of an entity's ArgoCD applications on every
 * instance that has them: the one application `argocd/app-name` names, or
 * every application `argocd/app-selector` matches (as the ArgoCD tab does).
 */
async function argoStatusOf(argoApi: ArgoCDApi, apps: ArgoApps) {
  const { appName, appSelector, appNamespace } = apps;
  const instances = await argoApi.serviceLocatorUrl(
    appName ? { appName, appNamespace } : { appSelector, appNamespace },
  );
  if (instances instanceof Error) throw instances;
  const found = await Promise.all(
    instances.map(async instance => {
      if (appName) {
        return [
          await argoApi.getAppDetails({
            url: '/argocd/api',
            appName,
            appNamespace,
            instance: instance.name,
          }),
        ];
      }
      const list = await argoApi.getAppListDetails({
        url: '/argocd/api',
        appSelector: appSelector!,
        appNamespace,
        instance: instance.name,
      });
      return list.items ?? [];
    }),
  );
  const statuses = found.flat().map(app => ({
    sync: app.status?.sync?.status ?? 'Unknown',
    health: app.status?.health?.status ?? 'Missing',
  }));
  if (statuses.length === 0) {
    throw new Error(`No ArgoCD application matches ${appSelector}`);
  }
  return worstArgo(statuses);
}

/** The ref of the entity's relation of `type` to a `kind`, else of `fallback`. */
function relationRef(
  entity: Entity,
  type: string,
  kind: string,
  fallback?: string,
) {
  const relation = entity.relations?.find(
    r => r.type === type && r.targetRef.startsWith(`${kind}:`),
  );
  if (relation) return relation.targetRef;
  if (!fallback) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(fallback, {
        defaultKind: kind,
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * Every service of the catalog (Components of type `service`) with its
 * ArgoCD sync and health, Kubernetes readiness, firing alerts, error ratio
 * and last deployment to `environment`, asked from the browser; a source
 * that fails marks only its own cells.
 *
 * Alerts and error ratios come in one request (Prometheus's `GET
 * /summary`); ArgoCD, Kubernetes and the last deployment take 2 to 3
 * requests a service. Fine for the demo's handful of services; at scale a
 * backend endpoint should aggregate these too (see the README).
 */
export function usePlatformStatus(environment: string) {
  const catalogApi = useApi(catalogApiRef);
  const argoApi = useApi(argoCDApiRef);
  const kubernetesApi = useApi(kubernetesApiRef);
  const prometheusApi = useApi(prometheusApiRef);
  const deploymentsApi = useApi(deploymentsApiRef);

  return useAsyncRetry(async (): Promise<ServiceStatus[]> => {
    const [{ items }, summary] = await Promise.all([
      catalogApi.getEntities({
        filter: { kind: 'component', 'spec.type': 'service' },
      }),
      // One request for the alerts and error ratios of every entity.
      prometheusApi.getSummary().then(
        (value): SummaryResult => ({ ok: true, value }),
        (error): SummaryResult => ({
          ok: false,
          message: errorMessage(error as Error),
        }),
      ),
    ]);
    return Promise.all(
      items.map(async (entity): Promise<ServiceStatus> => {
        const entityRef = stringifyEntityRef(entity);
        const annotations = entity.metadata.annotations ?? {};
        const appName = annotations[ARGOCD_ANNOTATION_APP_NAME];
        const appSelector = annotations[ARGOCD_ANNOTATION_APP_SELECTOR];
        const hasPrometheus = isPrometheusAvailable(entity);

        const [argo, kubernetes, alerts, errorRatio, lastDeployment] =
          await Promise.all([
            settle(Boolean(appName || appSelector), () =>
              argoStatusOf(argoApi, {
                appName,
                appSelector,
                appNamespace: annotations[ARGOCD_ANNOTATION_APP_NAMESPACE],
              }),
            ),
            settle(
              Boolean(
                annotations[KUBERNETES_ID] || annotations[KUBERNETES_SELECTOR],
              ),
              async () => {
                const response = await kubernetesApi.getObjectsByEntity({
                  entity,
                  auth: {},
                });
                const fetched = response.items.flatMap(item => item.resources);
                const readiness = readinessOf(fetched);
                if (!readiness) {
                  const errors = response.items.flatMap(item => item.errors);
                  throw new Error(
                    errors.length
                      ? `Kubernetes: ${errors
                          .map(e => ('errorType' in e ? e.errorType : 'error'))
                          .join(', ')}`
                      : 'No workloads found',
                  );
                }
                return readiness;
              },
            ),
            summaryOf(entityRef, hasPrometheus, summary, 'alerts'),
            summaryOf(entityRef, hasPrometheus, summary, 'errorRatio'),
            settle(true, async () => {
              const page = await deploymentsApi.listDeployments({
                entityRef,
                environment: environment || undefined,
                limit: 1,
              });
              return page.items[0];
            }),
          ]);

        return {
          entityRef,
          name: getCompoundEntityRef(entity).name,
          title: entity.metadata.title,
          owner: relationRef(
            entity,
            RELATION_OWNED_BY,
            'group',
            entity.spec?.owner as string | undefined,
          ),
          system: relationRef(
            entity,
            RELATION_PART_OF,
            'system',
            entity.spec?.system as string | undefined,
          ),
          argo,
          kubernetes,
          alerts,
          errorRatio,
          lastDeployment,
        };
      }),
    );
  }, [
    catalogApi,
    argoApi,
    kubernetesApi,
    prometheusApi,
    deploymentsApi,
    environment,
  ]);
}
