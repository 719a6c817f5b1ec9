import * as apps from 'kubernetes-models/apps/v1';
import * as autoscaling from 'kubernetes-models/autoscaling/v2';
import * as batch from 'kubernetes-models/batch/v1';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as core from 'kubernetes-models/v1';
import {
  getJson,
  loginToArgoCd,
  sendJson,
  waitFor,
} from '../__testUtils__/http';
import { startArgoCdDouble } from '../argocd/startArgoCdDouble';
import { DEMO_SERVICES } from '../demoPlatform';
import { RunningDouble } from '../http/listen';
import { createDemoWorld, DemoWorld } from '../world/createDemoWorld';
import { API_RESOURCES, groupVersionOf } from './apiResources';
import { startKubernetesDouble } from './startKubernetesDouble';

/**
 * Every object the Kubernetes double serves must validate against the
 * Kubernetes OpenAPI schemas (as packaged by kubernetes-models): each item
 * of each list in every demo namespace, before, during and after a rollout
 * that an ArgoCD sync started.
 */

interface ValidatingModel {
  validate(): void;
}
type ModelClass = new (data: any) => ValidatingModel;

/** Schema classes for each kind the double serves, with their list kinds. */
const MODELS: Record<string, { item: ModelClass; list: ModelClass }> = {
  Namespace: { item: core.Namespace, list: core.NamespaceList },
  Pod: { item: core.Pod, list: core.PodList },
  Service: { item: core.Service, list: core.ServiceList },
  ConfigMap: { item: core.ConfigMap, list: core.ConfigMapList },
  Secret: { item: core.Secret, list: core.SecretList },
  LimitRange: { item: core.LimitRange, list: core.LimitRangeList },
  ResourceQuota: { item: core.ResourceQuota, list: core.ResourceQuotaList },
  PersistentVolumeClaim: {
    item: core.PersistentVolumeClaim,
    list: core.PersistentVolumeClaimList,
  },
  PersistentVolume: {
    item: core.PersistentVolume,
    list: core.PersistentVolumeList,
  },
  Event: { item: core.Event, list: core.EventList },
  Deployment: { item: apps.Deployment, list: apps.DeploymentList },
  ReplicaSet: { item: apps.ReplicaSet, list: apps.ReplicaSetList },
  StatefulSet: { item: apps.StatefulSet, list: apps.StatefulSetList },
  DaemonSet: { item: apps.DaemonSet, list: apps.DaemonSetList },
  HorizontalPodAutoscaler: {
    item: autoscaling.HorizontalPodAutoscaler,
    list: autoscaling.HorizontalPodAutoscalerList,
  },
  Job: { item: batch.Job, list: batch.JobList },
  CronJob: { item: batch.CronJob, list: batch.CronJobList },
  Ingress: { item: networking.Ingress, list: networking.IngressList },
};

const SCHEMA_RESOURCES = API_RESOURCES.filter(r => MODELS[r.kind]);
const NAMESPACES = [...new Set(DEMO_SERVICES.map(s => s.namespace))];
const TOKEN = 'schema-test-token';
const NEW_REVISION = '0123456789abcdef0123456789abcdef01234567';

function describeValidation(error: unknown): string {
  const { errors } = error as {
    errors?: Array<{ instancePath: string; message: string }>;
  };
  return (
    errors?.map(e => `${e.instancePath} ${e.message}`).join('; ') ??
    String(error)
  );
}

/** Validates with kubernetes-models; returns the failures, so one run reports all of them. */
function schemaFailures(
  Model: ModelClass,
  data: unknown,
  where: string,
): string[] {
  try {
    new Model(data).validate();
    return [];
  } catch (error) {
    return [`${where}: ${describeValidation(error)}`];
  }
}

describe('Kubernetes double objects against the Kubernetes schemas', () => {
  let world: DemoWorld;
  let kubernetes: RunningDouble;
  let argocd: RunningDouble;
  const auth = { Authorization: `Bearer ${TOKEN}` };

  beforeAll(async () => {
    // Slow enough to observe the rollout mid-way, fast enough for a test.
    world = createDemoWorld({ syncDurationMs: 2000 });
    kubernetes = await startKubernetesDouble({ port: 0, world, token: TOKEN });
    argocd = await startArgoCdDouble({
      port: 0,
      world,
      username: 'admin',
      password: 'test-password',
    });
  });

  afterAll(async () => {
    world.close();
    await Promise.all([kubernetes.close(), argocd.close()]);
  });

  /** Lists every schema-backed resource in every scope and validates all of it. */
  async function validateEverything(): Promise<{
    failures: string[];
    itemCount: number;
  }> {
    const failures: string[] = [];
    let itemCount = 0;
    for (const resource of SCHEMA_RESOURCES) {
      const base = resource.group
        ? `/apis/${resource.group}/${resource.version}`
        : `/api/${resource.version}`;
      const scopes = resource.namespaced
        ? [...NAMESPACES.map(ns => `/namespaces/${ns}`), '']
        : [''];
      for (const scope of scopes) {
        const path = `${base}${scope}/${resource.plural}`;
        const { status, body } = await getJson(
          `${kubernetes.url}${path}`,
          auth,
        );
        if (status !== 200) {
          failures.push(`${path}: HTTP ${status}`);
          continue;
        }
        const { item, list } = MODELS[resource.kind];
        const typeMeta = {
          apiVersion: groupVersionOf(resource),
          kind: resource.kind,
        };
        if (
          body.kind !== `${resource.kind}List` ||
          body.apiVersion !== typeMeta.apiVersion
        ) {
          failures.push(`${path}: list is ${body.apiVersion} ${body.kind}`);
        }
        if (typeof body.metadata?.resourceVersion !== 'string') {
          failures.push(`${path}: list has no metadata.resourceVersion`);
        }
        // kubernetes-models requires TypeMeta on list items, which the API
        // server leaves out of them; a client restores it from the list, as here.
        failures.push(
          ...schemaFailures(
            list,
            {
              ...body,
              items: body.items.map((i: object) => ({ ...typeMeta, ...i })),
            },
            path,
          ),
        );
        for (const object of body.items) {
          itemCount++;
          const where = `${path} ${object.metadata?.name}`;
          if ('kind' in object || 'apiVersion' in object)
            failures.push(`${where}: list item carries TypeMeta`);
          failures.push(...schemaFailures(item, object, where));
          const single = await getJson(
            `${kubernetes.url}${base}${
              object.metadata.namespace
                ? `/namespaces/${object.metadata.namespace}`
                : ''
            }/${resource.plural}/${object.metadata.name}`,
            auth,
          );
          if (single.body.kind !== resource.kind)
            failures.push(`${where}: GET by name returned ${single.body.kind}`);
          failures.push(...schemaFailures(item, single.body, `${where} (GET)`));
        }
      }
    }
    return { failures, itemCount };
  }

  async function syncAll(headers: Record<string, string>) {
    for (const service of DEMO_SERVICES) {
      const { status } = await sendJson(
        'POST',
        `${argocd.url}/api/v1/applications/${service.name}/sync`,
        { revision: NEW_REVISION },
        headers,
      );
      expect(status).toBe(200);
    }
  }

  it('validates every object before, during and after a sync-triggered rollout', async () => {
    const initial = await validateEverything();
    expect(initial.failures).toEqual([]);
    expect(initial.itemCount).toBeGreaterThan(100);

    const headers = await loginToArgoCd(argocd.url);
    await syncAll(headers);

    // Mid-rollout: Pending pods and two ReplicaSets per Deployment.
    const pods = world.listKubernetesObjects('Pod') as core.IPod[];
    expect(pods.some(p => p.status?.phase === 'Pending')).toBe(true);
    const midRollout = await validateEverything();
    expect(midRollout.failures).toEqual([]);

    await waitFor(
      () =>
        world
          .listApplications()
          .every(a => a.status.operationState.phase === 'Succeeded') ||
        undefined,
    );
    // Rolled out: every pod now runs the new image.
    const rolledOut = world.listKubernetesObjects('Pod') as core.IPod[];
    expect(
      rolledOut.every(p =>
        p.spec?.containers[0].image?.endsWith(`:${NEW_REVISION.slice(0, 7)}`),
      ),
    ).toBe(true);
    const after = await validateEverything();
    expect(after.failures).toEqual([]);
    // Three full passes over the API and a 2 s rollout: more than Jest's 5 s
    // default on a busy machine.
  }, 30_000);

  it('reports a schema violation when one is there, so the check above can fail', () => {
    const [pod] = world.listKubernetesObjects('Pod');
    const broken = { ...pod, status: { phase: 'Exploded' } };
    expect(schemaFailures(core.Pod, broken, 'pod')).toHaveLength(1);
  });
});
