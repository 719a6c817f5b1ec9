import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import type { IPod } from 'kubernetes-models/v1/Pod';
import {
  DEMO_APPLICATIONS,
  DEMO_SERVICES,
  demoApplications,
  productionApplication,
} from '../demoPlatform';
import { createDemoWorld, DemoWorld, DemoWorldError } from './createDemoWorld';

const START = new Date('2025-06-02T09:30:00Z');
const SYNC_MS = 3000;
const NEW_REVISION = 'f00dfacecafe0123456789abcdef0123456789ab';

function pods(world: DemoWorld, app: string): IPod[] {
  return (world.listKubernetesObjects('Pod') as IPod[]).filter(
    p => p.metadata?.labels?.app === app,
  );
}

function replicaSets(world: DemoWorld, app: string): IReplicaSet[] {
  return (world.listKubernetesObjects('ReplicaSet') as IReplicaSet[]).filter(
    rs => rs.metadata?.labels?.app === app,
  );
}

function deployment(world: DemoWorld, app: string): IDeployment {
  const found = (
    world.listKubernetesObjects('Deployment') as IDeployment[]
  ).find(d => d.metadata?.name === app);
  if (!found) throw new Error(`no Deployment ${app}`);
  return found;
}

function currentReplicaSet(world: DemoWorld, app: string): IReplicaSet {
  const revision = deployment(world, app).metadata?.annotations?.[
    'deployment.kubernetes.io/revision'
  ];
  const found = replicaSets(world, app).find(
    rs =>
      rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ===
      revision,
  );
  if (!found) throw new Error(`no current ReplicaSet for ${app}`);
  return found;
}

function imageOf(replicaSet: IReplicaSet): string | undefined {
  return replicaSet.spec?.template?.spec?.containers[0].image;
}

function crashLoopingPod(world: DemoWorld) {
  return pods(world, 'notification-service').find(
    p => p.status?.containerStatuses?.[0].ready === false,
  );
}

describe('createDemoWorld', () => {
  let world: DemoWorld;

  beforeEach(() => {
    jest.useFakeTimers({ now: START });
    world = createDemoWorld({
      startTime: START,
      syncDurationMs: SYNC_MS,
      podStartupMs: 2000,
    });
  });

  afterEach(() => {
    world.close();
    jest.useRealTimers();
  });

  describe('the demo platform', () => {
    it('has a production application with a Deployment per demo service, and one application per pre-production environment', () => {
      const names = DEMO_SERVICES.map(s => s.name).sort();
      expect(world.listApplications().map(a => a.metadata.name)).toEqual(
        DEMO_SERVICES.flatMap(s => [
          s.name,
          `${s.name}-development`,
          `${s.name}-staging`,
        ]).sort(),
      );
      expect(world.applications).toEqual(DEMO_APPLICATIONS);
      expect(
        world
          .listKubernetesObjects('Deployment')
          .map(d => d.metadata?.name)
          .sort(),
      ).toEqual(names);
    });

    it.each(['development', 'staging'])(
      "deploys every service's %s application from its overlay to the shared namespace of project default",
      environment => {
        for (const service of DEMO_SERVICES) {
          const app = world.getApplication(`${service.name}-${environment}`)!;
          expect(app.spec).toMatchObject({
            project: 'default',
            source: { path: `apps/${service.name}/overlays/${environment}` },
            destination: {
              server: 'https://kubernetes.default.svc',
              namespace: environment,
            },
          });
          expect(app.metadata.labels['backstage-name']).toBe(service.name);
          expect(app.status.sync.status).toBe('Synced');
          expect(app.status.summary.images).toEqual([
            `${service.image}:${app.status.sync.revision.slice(0, 7)}`,
          ]);
          expect(app.status.summary.externalURLs).toBeUndefined();
          expect(
            app.status.resources.every(r => r.namespace === environment),
          ).toBe(true);
          // Its own past, not production's.
          expect(app.status.sync.revision).not.toBe(
            world.getApplication(service.name)!.status.sync.revision,
          );
        }
      },
    );

    it('runs the configured number of pods in each service namespace, labelled for Backstage', () => {
      for (const service of DEMO_SERVICES) {
        const servicePods = pods(world, service.name);
        expect(servicePods).toHaveLength(service.replicas);
        for (const pod of servicePods) {
          expect(pod.metadata?.namespace).toBe(service.namespace);
          expect(pod.metadata?.labels?.['backstage.io/kubernetes-id']).toBe(
            service.name,
          );
        }
      }
    });

    it('gives a Service to every service with a port and none to the worker', () => {
      const serviceNames = world
        .listKubernetesObjects('Service')
        .map(s => s.metadata?.name);
      expect(serviceNames).toContain('course-service');
      expect(serviceNames).not.toContain('jobs-worker');
    });

    it('is deterministic for a given start time', () => {
      const twin = createDemoWorld({ startTime: START });
      expect(twin.listApplications()).toEqual(world.listApplications());
      expect(twin.listKubernetesObjects('Pod')).toEqual(
        world.listKubernetesObjects('Pod'),
      );
      twin.close();
    });

    it('dates its history shortly before the start time', () => {
      for (const app of world.listApplications()) {
        const deployedAt = app.status.history.map(h =>
          Date.parse(h.deployedAt),
        );
        expect(Math.max(...deployedAt)).toBeLessThan(START.getTime());
        expect(Math.max(...deployedAt)).toBeGreaterThan(
          START.getTime() - 7 * 3600_000,
        );
        expect(app.status.history.map(h => h.id)).toEqual(
          app.status.history.map((_, i) => i),
        );
      }
    });

    it('has an OutOfSync application whose compared revision is not deployed yet', () => {
      const outOfSync = world
        .listApplications()
        .filter(a => a.status.sync.status === 'OutOfSync');
      expect(outOfSync.length).toBeGreaterThanOrEqual(1);
      for (const app of outOfSync) {
        const deployed =
          app.status.history[app.status.history.length - 1].revision;
        expect(app.status.sync.revision).not.toBe(deployed);
      }
    });

    it('reports notification-service Degraded with one crash-looping pod', () => {
      expect(
        world.getApplication('notification-service')?.status.health.status,
      ).toBe('Degraded');
      const failing = crashLoopingPod(world);
      const status = failing?.status?.containerStatuses?.[0];
      expect(status?.restartCount).toBeGreaterThan(0);
      expect(status?.state?.waiting?.reason).toBe('CrashLoopBackOff');
      expect(status?.state?.waiting?.message).toMatch(
        /^back-off \S+ restarting failed container=notification-service/,
      );
      expect(status?.lastState?.terminated?.exitCode).toBe(1);
      expect(
        pods(world, 'notification-service').filter(
          p => p.status?.containerStatuses?.[0].ready,
        ),
      ).toHaveLength(1);
    });

    it.each([
      '2024-01-01T00:00:00Z',
      '2025-03-17T13:37:11Z',
      '2026-11-22T02:08:00Z',
    ])(
      'opens with the failing container backing off, whatever the start time (%s)',
      startTime => {
        const other = createDemoWorld({ startTime: new Date(startTime) });
        jest.setSystemTime(new Date(startTime));
        const status = crashLoopingPod(other)?.status?.containerStatuses?.[0];
        expect(status?.state?.waiting?.reason).toBe('CrashLoopBackOff');
        other.close();
      },
    );

    it('keeps restarting the failing container as time passes', () => {
      const before =
        crashLoopingPod(world)?.status?.containerStatuses?.[0].restartCount ??
        0;
      jest.advanceTimersByTime(30 * 60_000);
      const after =
        crashLoopingPod(world)?.status?.containerStatuses?.[0].restartCount ??
        0;
      // Back-off is capped at 5 minutes, so half an hour brings about six restarts.
      expect(after - before).toBeGreaterThanOrEqual(5);
    });

    it('reports every other application Healthy', () => {
      for (const app of world.listApplications()) {
        if (app.metadata.name === 'notification-service') continue;
        expect([app.metadata.name, app.status.health.status]).toEqual([
          app.metadata.name,
          'Healthy',
        ]);
      }
    });
  });

  describe('sync', () => {
    it('runs an operation, then records the new revision in sync status and history', () => {
      const before = world.getApplication('course-service')!;
      const running = world.sync('course-service', NEW_REVISION);
      expect(running.status.operationState.phase).toBe('Running');
      expect(running.operation?.sync.revision).toBe(NEW_REVISION);
      expect(running.status.operationState.finishedAt).toBeUndefined();

      jest.advanceTimersByTime(SYNC_MS);

      const synced = world.getApplication('course-service')!;
      expect(synced.operation).toBeUndefined();
      expect(synced.status.operationState).toMatchObject({
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        syncResult: { revision: NEW_REVISION },
      });
      expect(synced.status.sync).toMatchObject({
        status: 'Synced',
        revision: NEW_REVISION,
      });
      const lastEntry = synced.status.history[synced.status.history.length - 1];
      const previousId =
        before.status.history[before.status.history.length - 1].id;
      expect(lastEntry).toMatchObject({
        id: previousId + 1,
        revision: NEW_REVISION,
      });
      expect(Date.parse(lastEntry.deployedAt)).toBe(START.getTime() + SYNC_MS);
      expect(synced.status.summary.images).toEqual([
        `ghcr.io/acme-platform/course-service:${NEW_REVISION.slice(0, 7)}`,
      ]);
    });

    it('rolls the Deployment out to a new ReplicaSet whose pods replace the old ones', () => {
      const oldPodNames = pods(world, 'course-service').map(
        p => p.metadata?.name,
      );
      const oldReplicaSet = currentReplicaSet(world, 'course-service');
      const oldGeneration =
        deployment(world, 'course-service').metadata?.generation ?? 0;

      world.sync('course-service', NEW_REVISION);

      // While the operation runs, new pods are starting next to the old ones.
      const midRollout = deployment(world, 'course-service');
      expect(midRollout.status).toMatchObject({
        replicas: 6,
        updatedReplicas: 3,
        availableReplicas: 3,
      });
      expect(world.getApplication('course-service')?.status.health.status).toBe(
        'Progressing',
      );
      expect(
        pods(world, 'course-service').filter(
          p => p.status?.phase === 'Pending',
        ),
      ).toHaveLength(3);

      jest.advanceTimersByTime(SYNC_MS);

      const newReplicaSet = currentReplicaSet(world, 'course-service');
      const hash = newReplicaSet.metadata?.labels?.['pod-template-hash'];
      expect(hash).not.toBe(
        oldReplicaSet.metadata?.labels?.['pod-template-hash'],
      );
      expect(imageOf(newReplicaSet)).toBe(
        `ghcr.io/acme-platform/course-service:${NEW_REVISION.slice(0, 7)}`,
      );
      expect(newReplicaSet.status).toMatchObject({
        replicas: 3,
        readyReplicas: 3,
        availableReplicas: 3,
      });
      const oldNow = replicaSets(world, 'course-service').find(
        rs => rs.metadata?.name === oldReplicaSet.metadata?.name,
      );
      expect(oldNow?.spec?.replicas).toBe(0);
      expect(oldNow?.status?.replicas).toBe(0);

      const newPods = pods(world, 'course-service');
      expect(newPods).toHaveLength(3);
      for (const pod of newPods) {
        expect(oldPodNames).not.toContain(pod.metadata?.name);
        expect(pod.metadata?.labels?.['pod-template-hash']).toBe(hash);
        expect(pod.metadata?.ownerReferences?.[0].uid).toBe(
          newReplicaSet.metadata?.uid,
        );
        expect(pod.status?.phase).toBe('Running');
      }

      const rolledOut = deployment(world, 'course-service');
      expect(rolledOut.metadata?.generation).toBe(oldGeneration + 1);
      expect(rolledOut.status).toMatchObject({
        observedGeneration: oldGeneration + 1,
        replicas: 3,
        updatedReplicas: 3,
        readyReplicas: 3,
        availableReplicas: 3,
      });
      expect(rolledOut.status?.unavailableReplicas).toBeUndefined();
      expect(
        rolledOut.status?.conditions?.map(c => [c.type, c.status, c.reason]),
      ).toEqual([
        ['Available', 'True', 'MinimumReplicasAvailable'],
        ['Progressing', 'True', 'NewReplicaSetAvailable'],
      ]);
      expect(world.getApplication('course-service')?.status.health.status).toBe(
        'Healthy',
      );
    });

    it('syncs an OutOfSync application to the tip of main when no revision is given', () => {
      const app = world
        .listApplications()
        .find(a => a.status.sync.status === 'OutOfSync')!;
      const head = app.status.sync.revision;
      world.sync(app.metadata.name);
      jest.advanceTimersByTime(SYNC_MS);
      const synced = world.getApplication(app.metadata.name)!;
      expect(synced.status.sync).toMatchObject({
        status: 'Synced',
        revision: head,
      });
      expect(imageOf(currentReplicaSet(world, app.metadata.name))).toMatch(
        new RegExp(`:${head.slice(0, 7)}$`),
      );
    });

    it('keeps the pods when the synced revision is already deployed', () => {
      const podNames = pods(world, 'user-service').map(p => p.metadata?.name);
      world.sync('user-service');
      jest.advanceTimersByTime(SYNC_MS);
      expect(pods(world, 'user-service').map(p => p.metadata?.name)).toEqual(
        podNames,
      );
    });

    it('reuses the old ReplicaSet on a rollback, as Kubernetes does', () => {
      const app = world.getApplication('jobs-api')!;
      const previous =
        app.status.history[app.status.history.length - 2].revision;
      const previousHash = replicaSets(world, 'jobs-api').find(rs =>
        imageOf(rs)?.endsWith(previous.slice(0, 7)),
      )?.metadata?.labels?.['pod-template-hash'];
      world.sync('jobs-api', previous);
      jest.advanceTimersByTime(SYNC_MS);
      expect(
        currentReplicaSet(world, 'jobs-api').metadata?.labels?.[
          'pod-template-hash'
        ],
      ).toBe(previousHash);
      expect(replicaSets(world, 'jobs-api')).toHaveLength(
        app.status.history.length,
      );
    });

    it('leaves a crash-looping pod in the new ReplicaSet of notification-service', () => {
      world.sync('notification-service', NEW_REVISION);
      jest.advanceTimersByTime(SYNC_MS + 60_000);
      const failing = crashLoopingPod(world);
      expect(failing?.metadata?.labels?.['pod-template-hash']).toBe(
        currentReplicaSet(world, 'notification-service').metadata?.labels?.[
          'pod-template-hash'
        ],
      );
      expect(
        failing?.status?.containerStatuses?.[0].restartCount,
      ).toBeGreaterThan(0);
      expect(
        world.getApplication('notification-service')?.status.health.status,
      ).toBe('Progressing');
    });

    it('refuses a second sync while one is running', () => {
      world.sync('jobs-api', NEW_REVISION);
      expect(() => world.sync('jobs-api')).toThrow(
        new DemoWorldError(
          'OperationInProgress',
          'another operation is already in progress',
        ),
      );
    });

    it('changes nothing but the operation on a dry run', () => {
      const before = world.getApplication('jobs-api')!;
      world.sync('jobs-api', NEW_REVISION, { dryRun: true });
      jest.advanceTimersByTime(SYNC_MS);
      const after = world.getApplication('jobs-api')!;
      expect(after.status.operationState.phase).toBe('Succeeded');
      expect(after.status.history).toEqual(before.status.history);
      expect(after.status.sync.revision).toBe(before.status.sync.revision);
    });

    it('rejects a revision that is neither a sha nor main', () => {
      expect(() => world.sync('jobs-api', 'no-such-branch')).toThrow(
        DemoWorldError,
      );
    });

    it('can terminate a running operation', () => {
      world.sync('jobs-api', NEW_REVISION);
      world.terminateOperation('jobs-api');
      jest.advanceTimersByTime(SYNC_MS);
      const app = world.getApplication('jobs-api')!;
      expect(app.status.operationState).toMatchObject({
        phase: 'Failed',
        message: 'Operation terminated',
      });
      expect(app.status.history.map(h => h.revision)).not.toContain(
        NEW_REVISION,
      );
      expect(() => world.terminateOperation('jobs-api')).toThrow(
        'Unable to terminate operation. No operation is in progress',
      );
    });
  });

  describe('pre-production applications', () => {
    it('sync in ArgoCD alone: the production application and its pods stay as they were', () => {
      const production = world.getApplication('course-service')!;
      const podNames = pods(world, 'course-service').map(p => p.metadata?.name);

      const running = world.sync('course-service-staging', NEW_REVISION);
      expect(running.status.health).toEqual({ status: 'Progressing' });
      expect(running.status.summary.images).toEqual([
        `ghcr.io/acme-platform/course-service:${NEW_REVISION.slice(0, 7)}`,
      ]);
      jest.advanceTimersByTime(SYNC_MS);

      const synced = world.getApplication('course-service-staging')!;
      expect(synced.status.operationState.phase).toBe('Succeeded');
      expect(synced.status.sync).toMatchObject({
        status: 'Synced',
        revision: NEW_REVISION,
      });
      expect(synced.status.health.status).toBe('Healthy');
      expect(synced.status.history.at(-1)?.revision).toBe(NEW_REVISION);
      expect(world.getApplication('course-service')).toEqual(production);
      expect(pods(world, 'course-service').map(p => p.metadata?.name)).toEqual(
        podNames,
      );
    });

    it('are deleted without touching the production workloads', () => {
      world.deleteApplication('jobs-api-development');
      expect(world.getApplication('jobs-api-development')).toBeUndefined();
      expect(world.getApplication('jobs-api')).toBeDefined();
      expect(pods(world, 'jobs-api')).toHaveLength(2);
    });

    it('keep the default project in use', () => {
      expect(() => world.deleteProject('default')).toThrow(
        `project is referenced by ${DEMO_SERVICES.length * 2} applications`,
      );
    });
  });

  describe('given applications', () => {
    const course = DEMO_SERVICES.find(s => s.name === 'course-service')!;

    it('serves an application of its own project and namespace next to the production one', () => {
      const other = createDemoWorld({
        startTime: START,
        services: [course],
        applications: [
          productionApplication(course),
          {
            name: 'preview-pr-7',
            service: course,
            environment: 'pr-7',
            project: 'previews',
            namespace: 'preview-pr-7',
            runsWorkloads: false,
          },
        ],
      });
      expect(other.listApplications().map(a => a.metadata.name)).toEqual([
        'course-service',
        'preview-pr-7',
      ]);
      expect(other.getApplication('preview-pr-7')?.spec).toMatchObject({
        project: 'previews',
        destination: { namespace: 'preview-pr-7' },
      });
      expect(other.getProject('previews')?.spec.destinations).toEqual([
        { server: 'https://kubernetes.default.svc', namespace: 'preview-pr-7' },
      ]);
      expect(
        other.listKubernetesObjects('Deployment').map(d => d.metadata?.name),
      ).toEqual(['course-service']);
      other.close();
    });

    it('refuses two applications of one name', () => {
      expect(() =>
        createDemoWorld({
          services: [course],
          applications: [
            ...demoApplications([course]),
            productionApplication(course),
          ],
        }),
      ).toThrow('The demo world has two applications named course-service');
    });
  });

  describe('deleteApplication', () => {
    it('removes the application and, by default, its workloads', () => {
      world.deleteApplication('jobs-api');
      expect(world.getApplication('jobs-api')).toBeUndefined();
      expect(pods(world, 'jobs-api')).toEqual([]);
      expect(
        world.listKubernetesObjects('Deployment').map(d => d.metadata?.name),
      ).not.toContain('jobs-api');
    });

    it('orphans the workloads when cascade is off', () => {
      world.deleteApplication('jobs-api', { cascade: false });
      expect(world.getApplication('jobs-api')).toBeUndefined();
      expect(pods(world, 'jobs-api')).toHaveLength(2);
    });

    it('throws NotFound for an unknown application', () => {
      expect(() => world.deleteApplication('nope')).toThrow(
        'applications.argoproj.io "nope" not found',
      );
    });
  });

  describe('deletePod', () => {
    it('returns the pod as deleted and lets the ReplicaSet start a replacement', () => {
      const [victim] = pods(world, 'user-service');
      const deleted = world.deletePod(
        'learning',
        victim.metadata!.name!,
      ) as IPod;
      expect(deleted.metadata?.deletionTimestamp).toBeDefined();

      const names = pods(world, 'user-service').map(p => p.metadata?.name);
      expect(names).toHaveLength(2);
      expect(names).not.toContain(victim.metadata?.name);
      expect(
        pods(world, 'user-service').filter(p => p.status?.phase === 'Pending'),
      ).toHaveLength(1);

      jest.advanceTimersByTime(2000);
      expect(
        pods(world, 'user-service').every(p => p.status?.phase === 'Running'),
      ).toBe(true);
    });
  });

  describe('getPodLogs', () => {
    it('returns a growing log for a running container', () => {
      const [pod] = pods(world, 'course-service');
      const name = pod.metadata!.name!;
      const lastLineAt = () =>
        Date.parse(
          world
            .getPodLogs('learning', name, { tailLines: 1, timestamps: true })
            .split(' ')[0],
        );
      const before = lastLineAt();
      jest.advanceTimersByTime(60_000);
      expect(lastLineAt() - before).toBeGreaterThanOrEqual(50_000);
      expect(
        world
          .getPodLogs('learning', name, { tailLines: 3 })
          .trimEnd()
          .split('\n'),
      ).toHaveLength(3);
    });

    it('returns the crash output of the failing container, also for the previous run', () => {
      const name = crashLoopingPod(world)!.metadata!.name!;
      expect(world.getPodLogs('learning', name)).toContain(
        'panic: notification queue unavailable',
      );
      expect(world.getPodLogs('learning', name, { previous: true })).toContain(
        'panic:',
      );
    });

    it('has no previous container for a pod that never restarted', () => {
      const [pod] = pods(world, 'course-service');
      expect(() =>
        world.getPodLogs('learning', pod.metadata!.name!, { previous: true }),
      ).toThrow(
        /previous terminated container "course-service" in pod ".*" not found/,
      );
    });
  });
});
