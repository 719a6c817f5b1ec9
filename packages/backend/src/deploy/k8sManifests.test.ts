import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import * as apps from 'kubernetes-models/apps/v1';
import * as autoscaling from 'kubernetes-models/autoscaling/v2';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as policy from 'kubernetes-models/policy/v1';
import * as rbac from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as core from 'kubernetes-models/v1';
import { parse, parseAllDocuments } from 'yaml';

/**
 * The manifests in k8s/ as a cluster would receive them: each overlay
 * rendered by `kubectl kustomize` (Debian's kubernetes-client in CI), every
 * object validated against the Kubernetes schemas of kubernetes-models, and
 * the deployment's requirements checked on the rendered objects.
 */

const REPO_ROOT = path.resolve(resolvePackagePath('backend'), '../..');
const K8S_DIR = path.join(REPO_ROOT, 'k8s');
const OVERLAYS = ['dev', 'prod'] as const;
type Overlay = (typeof OVERLAYS)[number];

const SECRET_NAME = 'developer-portal-secrets';
const PRODUCTION_CONFIG = 'app-config.production.yaml';
const HTTP_PORT = 7007;
const METRICS_PORT = 9464;
const READ_ONLY_VERBS = ['get', 'list', 'watch'];

interface ValidatingModel {
  validate(): void;
}
type ModelClass = new (data: any) => ValidatingModel;

/** The schema of each kind the overlays may contain, by apiVersion/kind. */
const MODELS: Record<string, ModelClass> = {
  'v1/Namespace': core.Namespace,
  'v1/ServiceAccount': core.ServiceAccount,
  'v1/Service': core.Service,
  'v1/ConfigMap': core.ConfigMap,
  'v1/Secret': core.Secret,
  'apps/v1/Deployment': apps.Deployment,
  'apps/v1/StatefulSet': apps.StatefulSet,
  'networking.k8s.io/v1/Ingress': networking.Ingress,
  'networking.k8s.io/v1/NetworkPolicy': networking.NetworkPolicy,
  'autoscaling/v2/HorizontalPodAutoscaler': autoscaling.HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': policy.PodDisruptionBudget,
  'rbac.authorization.k8s.io/v1/ClusterRole': rbac.ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': rbac.ClusterRoleBinding,
};

/** Custom resources the overlays may contain, with their CRD's schema. */
const CUSTOM_RESOURCES: Record<string, ModelClass> = {
  // Prometheus Operator
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

const CLUSTER_SCOPED_KINDS = ['Namespace', 'ClusterRole', 'ClusterRoleBinding'];

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: any;
}

function kubectlMissingMessage(): string {
  return (
    'kubectl is not installed: the Kubernetes manifest tests render k8s/ ' +
    "with `kubectl kustomize`. Install Debian's kubernetes-client " +
    '(scripts/test.sh does) to run them.'
  );
}

function hasKubectl(): boolean {
  return !spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' })
    .error;
}

// Without kubectl the suite is skipped with a warning, except in CI, which
// installs it: there its absence fails every test.
const kubectlMissing = !hasKubectl();
if (kubectlMissing && !process.env.CI) {
  // eslint-disable-next-line no-console
  console.warn(kubectlMissingMessage());
}
const describeIfKubectl =
  kubectlMissing && !process.env.CI ? describe.skip : describe;

function render(overlay: Overlay): K8sObject[] {
  const dir = path.join(K8S_DIR, 'overlays', overlay);
  const result = spawnSync('kubectl', ['kustomize', dir], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`kubectl kustomize ${dir} failed:\n${result.stderr}`);
  }
  return parseYamlDocuments(result.stdout, `kubectl kustomize ${dir}`);
}

function parseYamlDocuments(text: string, source: string): K8sObject[] {
  return parseAllDocuments(text)
    .map(doc => {
      if (doc.errors.length > 0) {
        throw new Error(`${source}: ${doc.errors.join('; ')}`);
      }
      return doc.toJS();
    })
    .filter(Boolean);
}

function readYamlDocuments(file: string): K8sObject[] {
  return parseYamlDocuments(fs.readFileSync(file, 'utf8'), file);
}

function ofKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter(o => o.kind === kind);
}

function single(objects: K8sObject[], kind: string, name?: string): K8sObject {
  const matches = ofKind(objects, kind).filter(
    o => name === undefined || o.metadata.name === name,
  );
  if (matches.length !== 1) {
    throw new Error(
      `expected one ${kind}${name ? ` ${name}` : ''}, found ${matches.length}`,
    );
  }
  return matches[0];
}

function portalDeployment(objects: K8sObject[]): K8sObject {
  return single(objects, 'Deployment', 'developer-portal');
}

function backendContainer(deployment: K8sObject): any {
  const container = deployment.spec.template.spec.containers.find(
    (c: any) => c.name === 'backend',
  );
  if (!container) {
    throw new Error('the portal Deployment has no container named backend');
  }
  return container;
}

function podTemplates(objects: K8sObject[]): Array<[string, any]> {
  return objects
    .filter(o => ['Deployment', 'StatefulSet'].includes(o.kind))
    .map(o => [`${o.kind} ${o.metadata.name}`, o.spec.template]);
}

function matchesLabels(
  selector: Record<string, string>,
  labels: Record<string, string> = {},
): boolean {
  return Object.entries(selector).every(
    ([key, value]) => labels[key] === value,
  );
}

/** ConfigMap data the container gets through envFrom, by key. */
function configMapEnv(objects: K8sObject[], container: any) {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      Object.assign(
        env,
        single(objects, 'ConfigMap', source.configMapRef.name).data,
      );
    }
  }
  return env;
}

/** Keys secrets.example.env documents, commented-out (optional) ones too. */
function documentedSecretKeys(): string[] {
  const text = fs.readFileSync(
    path.join(K8S_DIR, 'base', 'secrets.example.env'),
    'utf8',
  );
  return [...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map(m => m[1]);
}

/** Environment variables a config file substitutes (`${NAME}`), comments aside. */
function configEnvVars(file: string): string[] {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const m of value.matchAll(/(?<!\$)\$\{\s*([A-Za-z_][\w]*)\s*\}/g)) {
        names.add(m[1]);
      }
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (value && typeof value === 'object') {
      Object.values(value).forEach(visit);
    }
  };
  visit(parse(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')));
  return [...names];
}

/** What the runtime stage of packages/backend/Dockerfile sets up. */
function backendImage() {
  const dockerfile = fs.readFileSync(
    path.join(REPO_ROOT, 'packages/backend/Dockerfile'),
    'utf8',
  );
  const stage = dockerfile.split(/^FROM /m).pop()!;
  const last = (instruction: string) =>
    [...stage.matchAll(new RegExp(`^${instruction} (.+)$`, 'gm'))].pop()?.[1];
  return {
    user: last('USER'),
    workdir: last('WORKDIR')!,
    exposed: (last('EXPOSE') ?? '').split(/\s+/).map(Number),
    cmd: JSON.parse(last('CMD')!) as string[],
  };
}

/** The repository's config files the image's CMD loads, by name. */
function imageConfigFiles(): string[] {
  const image = backendImage();
  return configFiles(image.cmd, image.workdir).map(file =>
    path.posix.basename(file),
  );
}

/** A command line with its relative paths resolved against `cwd`. */
function resolvedCommand(args: string[], cwd: string): string[] {
  return args.map(arg =>
    arg.startsWith('./') || arg.startsWith('/') || /^[\w.-]+\//.test(arg)
      ? path.posix.resolve(cwd, arg)
      : arg,
  );
}

/** The `--config` files of a command line, resolved against `cwd`. */
function configFiles(args: string[], cwd: string): string[] {
  return args.flatMap((arg, i) =>
    arg === '--config' ? [path.posix.resolve(cwd, args[i + 1])] : [],
  );
}

function productionConfig(): any {
  return parse(
    fs.readFileSync(path.join(REPO_ROOT, PRODUCTION_CONFIG), 'utf8'),
  );
}

/** Targets of the production catalog's `file` locations. */
function catalogFileTargets(): string[] {
  return productionConfig()
    .catalog.locations.filter((l: any) => l.type === 'file')
    .map((l: any) => l.target);
}

function isWithin(dir: string, mountPath: string): boolean {
  return dir === mountPath || dir.startsWith(`${mountPath}/`);
}

/** Port numbers an egress or ingress rule allows, as `port/PROTOCOL`. */
function rulePorts(rule: any): string[] {
  return (rule.ports ?? []).map((p: any) => `${p.port}/${p.protocol ?? 'TCP'}`);
}

function peerNamespaces(rule: any, direction: 'from' | 'to'): string[] {
  return (rule[direction] ?? []).map(
    (peer: any) =>
      peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'],
  );
}

describeIfKubectl('the Kubernetes manifests (k8s/)', () => {
  const rendered = {} as Record<Overlay, K8sObject[]>;

  beforeAll(() => {
    if (kubectlMissing) {
      throw new Error(kubectlMissingMessage());
    }
    for (const overlay of OVERLAYS) {
      rendered[overlay] = render(overlay);
    }
  });

  describe.each(OVERLAYS)('the %s overlay', overlay => {
    const objects = () => rendered[overlay];

    it('contains only kinds with a schema, each valid against it', () => {
      const problems: string[] = [];
      for (const object of objects()) {
        const key = `${object.apiVersion}/${object.kind}`;
        const Model = MODELS[key] ?? CUSTOM_RESOURCES[key];
        if (!Model) {
          problems.push(`${key} ${object.metadata.name}: no schema for it`);
          continue;
        }
        try {
          new Model(object).validate();
        } catch (error) {
          problems.push(`${key} ${object.metadata.name}: ${error}`);
        }
      }
      expect(problems).toEqual([]);
      expect(ofKind(objects(), 'Deployment').length).toBeGreaterThan(0);
    });

    it('puts every namespaced object into its own Namespace', () => {
      const namespace = single(objects(), 'Namespace').metadata.name;
      for (const object of objects()) {
        const expected = CLUSTER_SCOPED_KINDS.includes(object.kind)
          ? undefined
          : namespace;
        expect([object.kind, object.metadata.namespace]).toEqual([
          object.kind,
          expected,
        ]);
      }
      expect(
        single(objects(), 'Namespace').metadata.labels?.[
          'pod-security.kubernetes.io/enforce'
        ],
      ).toBe('restricted');
    });

    it('runs every container as non-root, on a read-only root filesystem, without capabilities', () => {
      const templates = podTemplates(objects());
      expect(templates.length).toBeGreaterThan(0);
      for (const [owner, template] of templates) {
        const pod = template.spec.securityContext ?? {};
        expect([owner, pod.runAsNonRoot]).toEqual([owner, true]);
        expect([owner, pod.runAsUser]).toEqual([owner, expect.any(Number)]);
        expect(pod.runAsUser).toBeGreaterThan(0);
        for (const container of [
          ...(template.spec.initContainers ?? []),
          ...template.spec.containers,
        ]) {
          const where = `${owner}/${container.name}`;
          const sc = container.securityContext ?? {};
          expect([where, sc]).toEqual([
            where,
            expect.objectContaining({
              runAsNonRoot: true,
              readOnlyRootFilesystem: true,
              allowPrivilegeEscalation: false,
              capabilities: expect.objectContaining({
                drop: expect.arrayContaining(['ALL']),
              }),
            }),
          ]);
          expect([where, sc.capabilities.add ?? []]).toEqual([where, []]);
          expect(sc.privileged ?? false).toBe(false);
        }
      }
    });

    it('sets CPU and memory requests and limits on every container', () => {
      for (const [owner, template] of podTemplates(objects())) {
        for (const container of [
          ...(template.spec.initContainers ?? []),
          ...template.spec.containers,
        ]) {
          const where = `${owner}/${container.name}`;
          for (const bound of ['requests', 'limits']) {
            for (const resource of ['cpu', 'memory']) {
              expect([
                where,
                bound,
                resource,
                container.resources?.[bound],
              ]).toEqual([
                where,
                bound,
                resource,
                expect.objectContaining({ [resource]: expect.anything() }),
              ]);
            }
          }
        }
      }
    });

    it("probes the backend on Backstage's health endpoints", () => {
      const container = backendContainer(portalDeployment(objects()));
      const http = container.ports.find((p: any) => p.name === 'http');
      expect(http.containerPort).toBe(HTTP_PORT);
      expect(container.readinessProbe.httpGet).toEqual({
        path: '/.backstage/health/v1/readiness',
        port: 'http',
      });
      expect(container.livenessProbe.httpGet).toEqual({
        path: '/.backstage/health/v1/liveness',
        port: 'http',
      });
    });

    it('loads app-config.production.yaml from a ConfigMap equal to the repository file', () => {
      const deployment = portalDeployment(objects());
      const container = backendContainer(deployment);
      const configMaps = ofKind(objects(), 'ConfigMap').filter(
        cm => cm.data?.[PRODUCTION_CONFIG] !== undefined,
      );
      expect(configMaps).toHaveLength(1);
      if (
        configMaps[0].data[PRODUCTION_CONFIG] !==
        fs.readFileSync(path.join(REPO_ROOT, PRODUCTION_CONFIG), 'utf8')
      ) {
        throw new Error(
          `k8s/base/${PRODUCTION_CONFIG} differs from the repository's ` +
            `${PRODUCTION_CONFIG}; refresh the copy: ` +
            `cp ${PRODUCTION_CONFIG} k8s/base/`,
        );
      }

      const volume = deployment.spec.template.spec.volumes.find(
        (v: any) => v.configMap?.name === configMaps[0].metadata.name,
      );
      const mount = container.volumeMounts.find(
        (m: any) => m.name === volume?.name,
      );
      expect(mount).toBeDefined();
      // The image's own config files, with the production one swapped: the
      // production config alone.
      const image = backendImage();
      const cwd = container.workingDir ?? image.workdir;
      expect(configFiles(container.args, cwd)).toEqual([
        path.posix.join(mount.mountPath, PRODUCTION_CONFIG),
      ]);
      expect(configFiles(container.args, cwd)).toEqual(
        configFiles(image.cmd, image.workdir).map(file =>
          path.posix.basename(file) === PRODUCTION_CONFIG
            ? path.posix.join(mount.mountPath, PRODUCTION_CONFIG)
            : file,
        ),
      );
    });

    it('mounts a writable volume wherever the backend writes', () => {
      const deployment = portalDeployment(objects());
      const container = backendContainer(deployment);
      const config = productionConfig();
      const writableDirs = [
        '/tmp',
        config.backend.workingDirectory,
        config.techdocs.publisher.local.publishDirectory,
        // TechDocs rewrites mkdocs.yml next to a file location's entity.
        ...catalogFileTargets().map(target =>
          path.posix.dirname(path.posix.resolve(container.workingDir, target)),
        ),
      ];
      const emptyDirs = deployment.spec.template.spec.volumes
        .filter((v: any) => v.emptyDir)
        .map((v: any) => v.name);
      const writableMounts = container.volumeMounts.filter(
        (m: any) => emptyDirs.includes(m.name) && !m.readOnly,
      );
      for (const dir of writableDirs) {
        expect([
          dir,
          writableMounts.some((m: any) => isWithin(dir, m.mountPath)),
        ]).toEqual([dir, true]);
      }
    });

    it("copies the production catalog's own files from the image into the working directory", () => {
      const deployment = portalDeployment(objects());
      const container = backendContainer(deployment);
      const [init] = deployment.spec.template.spec.initContainers;
      expect(init.image).toBe(container.image);
      const workingMount = container.volumeMounts.find(
        (m: any) => m.mountPath === container.workingDir,
      );
      expect(init.volumeMounts).toContainEqual({
        name: workingMount.name,
        mountPath: container.workingDir,
      });
      const { workdir } = backendImage();
      const [program, ...args] = init.command;
      expect(program).toBe('cp');
      expect(args.pop()).toBe(`${container.workingDir}/`);
      const copied = args.filter((a: string) => !a.startsWith('-'));
      for (const target of catalogFileTargets()) {
        const topLevel = path.posix.normalize(target).split('/')[0];
        expect(copied).toContain(path.posix.join(workdir, topLevel));
      }
      // The portal's TechDocs (backstage.io/techdocs-ref: dir:.).
      expect(copied).toContain(path.posix.join(workdir, 'mkdocs.yml'));
    });

    it('references its Secrets by name and commits none', () => {
      expect(ofKind(objects(), 'Secret')).toEqual([]);
      const container = backendContainer(portalDeployment(objects()));
      expect(container.envFrom).toContainEqual({
        secretRef: { name: SECRET_NAME },
      });
    });

    it('provides every environment variable the loaded config files use', () => {
      const container = backendContainer(portalDeployment(objects()));
      const provided = new Set([
        ...(container.env ?? []).map((e: any) => e.name),
        ...Object.keys(configMapEnv(objects(), container)),
        ...documentedSecretKeys(),
      ]);
      const missing = imageConfigFiles()
        .flatMap(configEnvVars)
        .filter(name => !provided.has(name));
      expect(missing).toEqual([]);
    });

    it('lets traffic in only from the ingress controller and Prometheus', () => {
      const networkPolicy = single(
        objects(),
        'NetworkPolicy',
        'developer-portal',
      );
      const pods = portalDeployment(objects()).spec.template.metadata.labels;
      expect(
        matchesLabels(networkPolicy.spec.podSelector.matchLabels, pods),
      ).toBe(true);
      expect(networkPolicy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(
        networkPolicy.spec.ingress.map((rule: any) => [
          peerNamespaces(rule, 'from'),
          rulePorts(rule),
        ]),
      ).toEqual([
        [['ingress-nginx'], [`${HTTP_PORT}/TCP`]],
        [['monitoring'], [`${METRICS_PORT}/TCP`]],
      ]);
    });

    it('lets the backend reach DNS, PostgreSQL, HTTPS and the Kubernetes API, ArgoCD and Prometheus', () => {
      const networkPolicy = single(
        objects(),
        'NetworkPolicy',
        'developer-portal',
      );
      const egress: any[] = networkPolicy.spec.egress;
      const allowed = (port: string) =>
        egress.filter(rule => rulePorts(rule).includes(port));
      const dns = [...allowed('53/UDP'), ...allowed('53/TCP')];
      expect(dns).toHaveLength(2);
      for (const rule of dns) {
        expect(peerNamespaces(rule, 'to')).toEqual(['kube-system']);
      }
      for (const port of ['5432/TCP', '443/TCP', '6443/TCP', '9090/TCP']) {
        expect([port, allowed(port).length]).toEqual([port, 1]);
      }
      expect(peerNamespaces(allowed('9090/TCP')[0], 'to')).toEqual([
        'monitoring',
      ]);
      expect(peerNamespaces(allowed('8080/TCP')[0], 'to')).toEqual(['argocd']);
    });

    it('serves the host of PORTAL_BASE_URL with TLS from cert-manager', () => {
      const ingress = single(objects(), 'Ingress');
      const container = backendContainer(portalDeployment(objects()));
      const baseUrl = new URL(
        configMapEnv(objects(), container).PORTAL_BASE_URL,
      );
      expect(baseUrl.protocol).toBe('https:');
      expect(
        ingress.metadata.annotations?.['cert-manager.io/cluster-issuer'],
      ).toEqual(expect.stringMatching(/\S/));
      expect(ingress.spec.rules.map((r: any) => r.host)).toEqual([
        baseUrl.host,
      ]);
      expect(ingress.spec.tls).toEqual([
        { hosts: [baseUrl.host], secretName: expect.any(String) },
      ]);

      const backend = ingress.spec.rules[0].http.paths[0].backend.service;
      const service = single(objects(), 'Service', backend.name);
      const port = service.spec.ports.find(
        (p: any) => p.name === backend.port.name,
      );
      expect(port.targetPort).toBe('http');
    });

    it("scrapes the backend's metrics port with a ServiceMonitor", () => {
      const monitor = single(objects(), 'ServiceMonitor');
      const selected = ofKind(objects(), 'Service').filter(s =>
        matchesLabels(monitor.spec.selector.matchLabels, s.metadata.labels),
      );
      expect(selected.map(s => s.metadata.name)).toEqual(['developer-portal']);
      const [endpoint] = monitor.spec.endpoints;
      const port = selected[0].spec.ports.find(
        (p: any) => p.name === endpoint.port,
      );
      const container = backendContainer(portalDeployment(objects()));
      const target = container.ports.find(
        (p: any) => p.name === port.targetPort,
      );
      expect(target.containerPort).toBe(METRICS_PORT);
      expect(String(METRICS_PORT)).toBe(
        configMapEnv(objects(), container).PORTAL_METRICS_PORT,
      );
      expect(endpoint.path).toBe('/metrics');
      // The catalog entity's prometheus.io/selector, app="developer-portal".
      expect(monitor.spec.targetLabels).toContain('app');
      expect(selected[0].metadata.labels?.app).toBe('developer-portal');
    });

    it('gives the Kubernetes plugin read-only access, through the pods’ ServiceAccount', () => {
      const deployment = portalDeployment(objects());
      const serviceAccount = single(
        objects(),
        'ServiceAccount',
        deployment.spec.template.spec.serviceAccountName,
      );
      const binding = single(objects(), 'ClusterRoleBinding');
      expect(binding.subjects).toEqual([
        {
          kind: 'ServiceAccount',
          name: serviceAccount.metadata.name,
          namespace: serviceAccount.metadata.namespace,
        },
      ]);
      const role = single(objects(), 'ClusterRole', binding.roleRef.name);
      const verbs = new Set<string>(role.rules.flatMap((r: any) => r.verbs));
      expect(verbs.size).toBeGreaterThan(0);
      expect([...verbs].filter(v => !READ_ONLY_VERBS.includes(v))).toEqual([]);
      // Secrets are not workload state.
      const resources = role.rules.flatMap((r: any) => r.resources);
      expect(resources).not.toContain('secrets');
      expect(resources).not.toContain('*');
    });
  });

  describe('prod', () => {
    const objects = () => rendered.prod;

    it('runs at least two replicas, autoscaled from two, with a disruption budget', () => {
      const deployment = portalDeployment(objects());
      expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);

      const hpa = single(objects(), 'HorizontalPodAutoscaler');
      expect(hpa.spec.scaleTargetRef).toEqual({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: deployment.metadata.name,
      });
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
      expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);

      const pdb = single(objects(), 'PodDisruptionBudget');
      expect(pdb.spec.minAvailable).toBeGreaterThanOrEqual(1);
      expect(
        matchesLabels(
          pdb.spec.selector.matchLabels,
          deployment.spec.template.metadata.labels,
        ),
      ).toBe(true);
    });

    it('uses the external PostgreSQL from the Secret and runs none of its own', () => {
      expect(ofKind(objects(), 'StatefulSet')).toEqual([]);
      const container = backendContainer(portalDeployment(objects()));
      const fromManifests = [
        ...(container.env ?? []).map((e: any) => e.name),
        ...Object.keys(configMapEnv(objects(), container)),
      ];
      for (const name of ['POSTGRES_HOST', 'POSTGRES_PASSWORD']) {
        expect(fromManifests).not.toContain(name);
        expect(documentedSecretKeys()).toContain(name);
      }
    });

    it("matches the portal's catalog entity", () => {
      const [entity] = readYamlDocuments(
        path.join(REPO_ROOT, 'catalog-info.yaml'),
      );
      const annotations = entity.metadata.annotations!;
      const deployment = portalDeployment(objects());
      expect(deployment.metadata.namespace).toBe(
        annotations['backstage.io/kubernetes-namespace'],
      );
      expect(
        deployment.spec.template.metadata.labels['backstage.io/kubernetes-id'],
      ).toBe(annotations['backstage.io/kubernetes-id']);
    });
  });

  describe('dev', () => {
    const objects = () => rendered.dev;

    it('runs one replica on its own PostgreSQL StatefulSet', () => {
      const deployment = portalDeployment(objects());
      expect(deployment.spec.replicas).toBe(1);
      expect(ofKind(objects(), 'HorizontalPodAutoscaler')).toEqual([]);

      const statefulSet = single(objects(), 'StatefulSet');
      const service = single(
        objects(),
        'Service',
        statefulSet.spec.serviceName,
      );
      expect(
        matchesLabels(
          service.spec.selector,
          statefulSet.spec.template.metadata.labels,
        ),
      ).toBe(true);
      expect(statefulSet.spec.volumeClaimTemplates).toHaveLength(1);

      const container = backendContainer(deployment);
      const env = configMapEnv(objects(), container);
      expect(env.POSTGRES_HOST).toBe(service.metadata.name);
      expect(Number(env.POSTGRES_PORT)).toBe(service.spec.ports[0].port);

      // The portal and the database read the same credentials Secret.
      const secretOf = (c: any, name: string) =>
        c.env.find((e: any) => e.name === name)?.valueFrom?.secretKeyRef;
      const postgres = statefulSet.spec.template.spec.containers[0];
      for (const name of ['POSTGRES_USER', 'POSTGRES_PASSWORD']) {
        expect(secretOf(container, name)).toEqual(secretOf(postgres, name));
        expect(secretOf(container, name)?.name).toEqual(expect.any(String));
      }
    });

    it('lets only the portal reach its PostgreSQL', () => {
      const statefulSet = single(objects(), 'StatefulSet');
      const networkPolicy = ofKind(objects(), 'NetworkPolicy').find(p =>
        matchesLabels(
          p.spec.podSelector.matchLabels,
          statefulSet.spec.template.metadata.labels,
        ),
      );
      const portalPods = portalDeployment(objects()).spec.template.metadata
        .labels;
      expect(networkPolicy?.spec.ingress).toEqual([
        {
          from: [{ podSelector: { matchLabels: expect.any(Object) } }],
          ports: [{ port: 5432, protocol: 'TCP' }],
        },
      ]);
      expect(
        matchesLabels(
          networkPolicy!.spec.ingress[0].from[0].podSelector.matchLabels,
          portalPods,
        ),
      ).toBe(true);
      expect(networkPolicy!.spec.egress ?? []).toEqual([]);
    });
  });

  it('gives dev and prod distinct cluster-wide objects, so both fit in one cluster', () => {
    const clusterScoped = (overlay: Overlay) =>
      rendered[overlay]
        .filter(o => CLUSTER_SCOPED_KINDS.includes(o.kind))
        .map(o => `${o.kind}/${o.metadata.name}`);
    expect(clusterScoped('dev')).toHaveLength(3);
    expect(clusterScoped('prod')).toHaveLength(3);
    expect(
      clusterScoped('dev').filter(id => clusterScoped('prod').includes(id)),
    ).toEqual([]);
  });

  it('runs production on app-config.production.yaml alone, never on the embedded default', () => {
    expect(imageConfigFiles()).toEqual([PRODUCTION_CONFIG]);
    // Not even in the image, where a command line could pick it up.
    const dockerfile = fs.readFileSync(
      path.join(REPO_ROOT, 'packages/backend/Dockerfile'),
      'utf8',
    );
    const runtimeStage = dockerfile.split(/^FROM /m).pop()!;
    const copied = [...runtimeStage.matchAll(/^COPY (.+)$/gm)].map(m => m[1]);
    expect(copied.filter(line => /\bapp-config\.yaml\b/.test(line))).toEqual(
      [],
    );
    expect(productionConfig().portal.production).toBe(true);
  });

  it('matches what the backend image provides', () => {
    const image = backendImage();
    expect(image.user).toMatch(/^[1-9]\d*(:\d+)?$/);
    for (const overlay of OVERLAYS) {
      const deployment = portalDeployment(rendered[overlay]);
      const container = backendContainer(deployment);
      expect(Number(image.user!.split(':')[0])).toBe(
        deployment.spec.template.spec.securityContext.runAsUser,
      );
      expect([...image.exposed].sort()).toEqual(
        container.ports.map((p: any) => p.containerPort).sort(),
      );
      // Backstage looks for the repository root upwards from here.
      expect(container.workingDir).toMatch(new RegExp(`^${image.workdir}/`));
      // The args replace the image's CMD: the same program and preload.
      const cwd = container.workingDir ?? image.workdir;
      expect(resolvedCommand(container.args, cwd).slice(0, 4)).toEqual(
        resolvedCommand(image.cmd, image.workdir).slice(0, 4),
      );
    }
  });
});

describe('the ArgoCD Applications (k8s/argocd)', () => {
  const applications = readYamlDocuments(
    path.join(K8S_DIR, 'argocd', 'application.yaml'),
  );

  it('are valid Applications, one per overlay', () => {
    for (const application of applications) {
      expect(application.apiVersion).toBe('argoproj.io/v1alpha1');
      expect(application.kind).toBe('Application');
      const Model: ModelClass = Application;
      expect(() => new Model(application).validate()).not.toThrow();
    }
    expect(applications.map(a => a.spec.source.path).sort()).toEqual(
      OVERLAYS.map(overlay => `k8s/overlays/${overlay}`),
    );
  });

  it.each(applications.map(a => [a.metadata.name, a] as const))(
    '%s deploys an existing overlay into its namespace',
    (_name, application) => {
      const overlayDir = path.join(REPO_ROOT, application.spec.source.path);
      const kustomization = parse(
        fs.readFileSync(path.join(overlayDir, 'kustomization.yaml'), 'utf8'),
      );
      expect(application.spec.destination.namespace).toBe(
        kustomization.namespace,
      );
      expect(application.spec.syncPolicy.automated).toEqual({
        prune: true,
        selfHeal: true,
      });
    },
  );

  it('leaves the production replica count to the HPA, and is the catalog entity’s ArgoCD app', () => {
    const prod = applications.find(
      a => a.spec.source.path === 'k8s/overlays/prod',
    )!;
    expect(prod.spec.ignoreDifferences).toContainEqual({
      group: 'apps',
      kind: 'Deployment',
      name: 'developer-portal',
      jsonPointers: ['/spec/replicas'],
    });
    expect(prod.spec.syncPolicy.syncOptions).toContain(
      'RespectIgnoreDifferences=true',
    );
    const [entity] = readYamlDocuments(
      path.join(REPO_ROOT, 'catalog-info.yaml'),
    );
    expect(prod.metadata.name).toBe(
      entity.metadata.annotations?.['argocd/app-name'],
    );
  });
});
