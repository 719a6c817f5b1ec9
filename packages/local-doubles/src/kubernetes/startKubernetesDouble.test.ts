import { DEFAULT_OBJECTS } from '@backstage/plugin-kubernetes-backend';
import type { IPod } from 'kubernetes-models/v1/Pod';
import { getJson, waitFor } from '../__testUtils__/http';
import { DEMO_APPLICATIONS, DEMO_SERVICES } from '../demoPlatform';
import { RunningDouble } from '../http/listen';
import { createDemoWorld, DemoWorld } from '../world/createDemoWorld';
import { startKubernetesDouble } from './startKubernetesDouble';

const TOKEN = 'test-token';
const auth = { Authorization: `Bearer ${TOKEN}` };

/** The path the Backstage Kubernetes backend builds (KubernetesConnection.buildResourcePath). */
function resourcePath(
  group: string,
  apiVersion: string,
  plural: string,
  namespace?: string,
) {
  const base = group ? `/apis/${group}/${apiVersion}` : `/api/${apiVersion}`;
  return `${base}${namespace ? `/namespaces/${namespace}` : ''}/${plural}`;
}

describe('startKubernetesDouble', () => {
  let world: DemoWorld;
  let kubernetes: RunningDouble;

  beforeAll(async () => {
    world = createDemoWorld({ podStartupMs: 50 });
    kubernetes = await startKubernetesDouble({ port: 0, world, token: TOKEN });
  });

  afterAll(async () => {
    world.close();
    await kubernetes.close();
  });

  const get = (path: string, headers: Record<string, string> = auth) =>
    getJson(`${kubernetes.url}${path}`, headers);

  async function failingPodName(): Promise<string> {
    const { body } = await get(
      '/api/v1/namespaces/learning/pods?labelSelector=app%3Dnotification-service',
    );
    const failing = (body.items as IPod[]).find(
      p => p.status?.containerStatuses?.[0].restartCount,
    );
    return failing!.metadata!.name!;
  }

  it('binds to loopback and reports its URL', () => {
    expect(kubernetes.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  describe('authentication', () => {
    const unauthorized = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    };

    it.each([
      ['no Authorization header', {}],
      ['a wrong token', { Authorization: 'Bearer not-the-token' }],
      ['another scheme', { Authorization: `Basic ${TOKEN}` }],
    ])('answers 401 with a Status to %s', async (_case, headers) => {
      expect(await get('/api/v1/namespaces/learning/pods', headers)).toEqual({
        status: 401,
        body: unauthorized,
      });
      expect(await get('/version', headers)).toEqual({
        status: 401,
        body: unauthorized,
      });
    });
  });

  describe('what the Backstage Kubernetes backend fetches', () => {
    it.each(DEMO_SERVICES.map(s => [s.name, s.namespace]))(
      'answers every default object list for %s with a proper List of its own objects',
      async (name, namespace) => {
        const selector = encodeURIComponent(
          `backstage.io/kubernetes-id=${name}`,
        );
        for (const { group, apiVersion, plural } of DEFAULT_OBJECTS) {
          for (const scope of [namespace, undefined]) {
            const path = `${resourcePath(
              group,
              apiVersion,
              plural,
              scope,
            )}?labelSelector=${selector}`;
            const { status, body } = await get(path);
            expect([path, status]).toEqual([path, 200]);
            expect(body).toEqual({
              kind: expect.stringMatching(/List$/),
              apiVersion: group ? `${group}/${apiVersion}` : apiVersion,
              metadata: { resourceVersion: expect.stringMatching(/^\d+$/) },
              items: expect.any(Array),
            });
            for (const item of body.items) {
              expect(item.metadata.labels['backstage.io/kubernetes-id']).toBe(
                name,
              );
              expect(item.metadata.namespace).toBe(namespace);
            }
          }
        }
      },
    );

    it("lists each service's Deployment, ReplicaSets and pods", async () => {
      for (const service of DEMO_SERVICES) {
        const selector = `?labelSelector=backstage.io%2Fkubernetes-id%3D${service.name}`;
        const ns = `/namespaces/${service.namespace}`;
        const deployments = await get(
          `/apis/apps/v1${ns}/deployments${selector}`,
        );
        expect(deployments.body.items.map((d: any) => d.metadata.name)).toEqual(
          [service.name],
        );
        const pods = await get(`/api/v1${ns}/pods${selector}`);
        expect(pods.body.items).toHaveLength(service.replicas);
        const services = await get(`/api/v1${ns}/services${selector}`);
        expect(services.body.items).toHaveLength(service.port ? 1 : 0);
        const replicaSets = await get(
          `/apis/apps/v1${ns}/replicasets${selector}`,
        );
        expect(
          replicaSets.body.items.filter((rs: any) => rs.status.replicas > 0),
        ).toHaveLength(1);
      }
    });

    it('serves pod metrics that match the pods', async () => {
      const selector =
        '?labelSelector=backstage.io%2Fkubernetes-id%3Dcourse-service';
      const { status, body } = await get(
        `/apis/metrics.k8s.io/v1beta1/namespaces/learning/pods${selector}`,
      );
      expect(status).toBe(200);
      expect(body.kind).toBe('PodMetricsList');
      const pods = await get(`/api/v1/namespaces/learning/pods${selector}`);
      expect(body.items.map((m: any) => m.metadata.name).sort()).toEqual(
        pods.body.items.map((p: any) => p.metadata.name).sort(),
      );
      for (const metrics of body.items) {
        expect(metrics.containers[0].usage).toEqual({
          cpu: expect.stringMatching(/^\d+n$/),
          memory: expect.stringMatching(/^\d+Ki$/),
        });
      }
    });

    it('answers an unparsable labelSelector with a 400 Status', async () => {
      const { status, body } = await get(
        '/api/v1/pods?labelSelector=a%3Db%3Dc',
      );
      expect(status).toBe(400);
      expect(body).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'BadRequest',
        code: 400,
      });
      expect(body.message).toMatch(/^unable to parse requirement/);
    });
  });

  it('answers its health checks without credentials, like the API server', async () => {
    for (const path of ['/healthz', '/livez', '/readyz']) {
      const res = await fetch(`${kubernetes.url}${path}`);
      expect(res.status).toBe(200);
    }
    expect((await get('/api/v1/pods', {})).status).toBe(401);
  });

  describe('discovery', () => {
    it('serves /version, /api, /apis and the resource lists', async () => {
      expect((await get('/version')).body).toMatchObject({
        major: '1',
        gitVersion: expect.stringMatching(/^v1\./),
      });
      expect((await get('/api')).body).toMatchObject({
        kind: 'APIVersions',
        versions: ['v1'],
      });

      const groups = (await get('/apis')).body;
      expect(groups.kind).toBe('APIGroupList');
      const groupVersions = groups.groups.flatMap((g: any) =>
        g.versions.map((v: any) => v.groupVersion),
      );
      for (const { group, apiVersion } of DEFAULT_OBJECTS.filter(
        o => o.group,
      )) {
        expect(groupVersions).toContain(`${group}/${apiVersion}`);
      }

      const core = (await get('/api/v1')).body;
      expect(core.kind).toBe('APIResourceList');
      expect(core.resources.map((r: any) => r.name)).toEqual(
        expect.arrayContaining(['pods', 'pods/log', 'namespaces']),
      );
      const apps = (await get('/apis/apps/v1')).body;
      expect(apps).toMatchObject({
        kind: 'APIResourceList',
        groupVersion: 'apps/v1',
      });
      expect((await get('/apis/apps')).body).toMatchObject({
        kind: 'APIGroup',
        name: 'apps',
      });
    });

    it('lists the namespaces', async () => {
      const { body } = await get('/api/v1/namespaces');
      expect(body.kind).toBe('NamespaceList');
      const names = body.items.map((n: any) => n.metadata.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'learning',
          'jobs',
          'platform',
          'backstage',
          'argocd',
        ]),
      );
      expect((await get('/api/v1/namespaces/learning')).body).toMatchObject({
        kind: 'Namespace',
        status: { phase: 'Active' },
      });
    });

    it("serves ArgoCD's Application custom resources from the same world", async () => {
      const { body } = await get(
        '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications',
      );
      expect(body.kind).toBe('ApplicationList');
      expect(body.items).toHaveLength(DEMO_APPLICATIONS.length);
      // Custom resources keep TypeMeta on list items.
      expect(body.items[0]).toMatchObject({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
      });
    });
  });

  describe('errors', () => {
    it("answers an unknown path with the API server's 404 Status", async () => {
      for (const path of [
        '/api/v1/widgets',
        '/apis/example.com/v1/things',
        '/nope',
      ]) {
        expect(await get(path)).toEqual({
          status: 404,
          body: {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: 'the server could not find the requested resource',
            reason: 'NotFound',
            details: {},
            code: 404,
          },
        });
      }
    });

    it('answers a missing object with a NotFound Status naming it', async () => {
      expect(
        await get('/apis/apps/v1/namespaces/learning/deployments/ghost'),
      ).toEqual({
        status: 404,
        body: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'deployments.apps "ghost" not found',
          reason: 'NotFound',
          details: { name: 'ghost', group: 'apps', kind: 'deployments' },
          code: 404,
        },
      });
    });

    it('refuses writes it does not implement with 405', async () => {
      const response = await fetch(
        `${kubernetes.url}/api/v1/namespaces/learning/configmaps`,
        {
          method: 'POST',
          headers: auth,
        },
      );
      expect(response.status).toBe(405);
      expect(await response.json()).toMatchObject({
        kind: 'Status',
        reason: 'MethodNotAllowed',
        code: 405,
      });
    });
  });

  describe('pods', () => {
    it('serves the failing pod in CrashLoopBackOff, with restarts and back-off events', async () => {
      const name = await failingPodName();
      const { body: pod } = await get(
        `/api/v1/namespaces/learning/pods/${name}`,
      );
      expect(pod.kind).toBe('Pod');
      const [status] = pod.status.containerStatuses;
      expect(status).toMatchObject({
        ready: false,
        state: { waiting: { reason: 'CrashLoopBackOff' } },
      });
      expect(status.restartCount).toBeGreaterThan(0);

      const events = await get(
        `/api/v1/namespaces/learning/events?fieldSelector=involvedObject.name=${name}`,
      );
      expect(events.body.kind).toBe('EventList');
      expect(
        events.body.items.every((e: any) => e.involvedObject.name === name),
      ).toBe(true);
      expect(events.body.items).toContainEqual(
        expect.objectContaining({ type: 'Warning', reason: 'BackOff' }),
      );
    });

    it('serves container logs as text, including the previous run of a crashing container', async () => {
      const name = await failingPodName();
      const response = await fetch(
        `${kubernetes.url}/api/v1/namespaces/learning/pods/${name}/log?container=notification-service&previous=`,
        { headers: auth },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await response.text()).toContain(
        'panic: notification queue unavailable',
      );
    });

    it('answers logs of a container without a previous run with 400, and of a missing pod with 404', async () => {
      const { body: list } = await get(
        '/api/v1/namespaces/learning/pods?labelSelector=app%3Dcourse-service',
      );
      const name = list.items[0].metadata.name;
      const previous = await get(
        `/api/v1/namespaces/learning/pods/${name}/log?previous=true`,
      );
      expect(previous.status).toBe(400);
      expect(previous.body).toMatchObject({
        kind: 'Status',
        reason: 'BadRequest',
      });
      const current = await fetch(
        `${kubernetes.url}/api/v1/namespaces/learning/pods/${name}/log?tailLines=2`,
        { headers: auth },
      );
      expect((await current.text()).trimEnd().split('\n')).toHaveLength(2);
      const missing = await get('/api/v1/namespaces/learning/pods/ghost/log');
      expect(missing.body).toMatchObject({
        message: 'pods "ghost" not found',
        code: 404,
      });
    });

    it('deletes a pod and lets its ReplicaSet replace it', async () => {
      const selector = '?labelSelector=app%3Djobs-api';
      const before = (
        await get(`/api/v1/namespaces/jobs/pods${selector}`)
      ).body.items.map((p: any) => p.metadata.name);
      const response = await fetch(
        `${kubernetes.url}/api/v1/namespaces/jobs/pods/${before[0]}`,
        {
          method: 'DELETE',
          headers: auth,
        },
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        kind: 'Pod',
        metadata: { name: before[0], deletionTimestamp: expect.any(String) },
      });

      const after = await waitFor(async () => {
        const { body } = await get(`/api/v1/namespaces/jobs/pods${selector}`);
        return body.items.every((p: any) => p.status.phase === 'Running')
          ? body.items
          : undefined;
      });
      expect(after).toHaveLength(2);
      expect(after.map((p: any) => p.metadata.name)).not.toContain(before[0]);
    });
  });
});
