/**
 * The resources the Kubernetes double serves, for routing and discovery
 * (`/api/v1`, `/apis/{group}/{version}`). It covers every list the Backstage
 * Kubernetes backend fetches (its DEFAULT_OBJECTS and ALL_OBJECTS), pod
 * metrics, events and pod logs for the frontend, and ArgoCD's own custom
 * resources. Types the demo has no objects of answer empty lists.
 */

export interface ApiResource {
  /** '' for the core group. */
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  /** Only the verbs the double implements. */
  verbs: string[];
  shortNames?: string[];
  /**
   * Custom resources are stored unstructured, so their list items keep
   * apiVersion and kind; built-in types' list items carry neither.
   */
  customResource?: boolean;
}

const READ = ['get', 'list'];

export const API_RESOURCES: readonly ApiResource[] = [
  {
    group: '',
    version: 'v1',
    plural: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    verbs: READ,
    shortNames: ['ns'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'pods',
    singular: 'pod',
    kind: 'Pod',
    namespaced: true,
    verbs: ['delete', ...READ],
    shortNames: ['po'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'services',
    singular: 'service',
    kind: 'Service',
    namespaced: true,
    verbs: READ,
    shortNames: ['svc'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'configmaps',
    singular: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    verbs: READ,
    shortNames: ['cm'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'secrets',
    singular: 'secret',
    kind: 'Secret',
    namespaced: true,
    verbs: READ,
  },
  {
    group: '',
    version: 'v1',
    plural: 'limitranges',
    singular: 'limitrange',
    kind: 'LimitRange',
    namespaced: true,
    verbs: READ,
    shortNames: ['limits'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'resourcequotas',
    singular: 'resourcequota',
    kind: 'ResourceQuota',
    namespaced: true,
    verbs: READ,
    shortNames: ['quota'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'persistentvolumeclaims',
    singular: 'persistentvolumeclaim',
    kind: 'PersistentVolumeClaim',
    namespaced: true,
    verbs: READ,
    shortNames: ['pvc'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'persistentvolumes',
    singular: 'persistentvolume',
    kind: 'PersistentVolume',
    namespaced: false,
    verbs: READ,
    shortNames: ['pv'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'events',
    singular: 'event',
    kind: 'Event',
    namespaced: true,
    verbs: READ,
    shortNames: ['ev'],
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    singular: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    verbs: READ,
    shortNames: ['deploy'],
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'replicasets',
    singular: 'replicaset',
    kind: 'ReplicaSet',
    namespaced: true,
    verbs: READ,
    shortNames: ['rs'],
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'statefulsets',
    singular: 'statefulset',
    kind: 'StatefulSet',
    namespaced: true,
    verbs: READ,
    shortNames: ['sts'],
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'daemonsets',
    singular: 'daemonset',
    kind: 'DaemonSet',
    namespaced: true,
    verbs: READ,
    shortNames: ['ds'],
  },
  {
    group: 'autoscaling',
    version: 'v2',
    plural: 'horizontalpodautoscalers',
    singular: 'horizontalpodautoscaler',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
    verbs: READ,
    shortNames: ['hpa'],
  },
  {
    group: 'batch',
    version: 'v1',
    plural: 'jobs',
    singular: 'job',
    kind: 'Job',
    namespaced: true,
    verbs: READ,
  },
  {
    group: 'batch',
    version: 'v1',
    plural: 'cronjobs',
    singular: 'cronjob',
    kind: 'CronJob',
    namespaced: true,
    verbs: READ,
    shortNames: ['cj'],
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    plural: 'ingresses',
    singular: 'ingress',
    kind: 'Ingress',
    namespaced: true,
    verbs: READ,
    shortNames: ['ing'],
  },
  {
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    plural: 'pods',
    singular: '',
    kind: 'PodMetrics',
    namespaced: true,
    verbs: READ,
  },
  {
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'applications',
    singular: 'application',
    kind: 'Application',
    namespaced: true,
    verbs: READ,
    shortNames: ['app', 'apps'],
    customResource: true,
  },
  {
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'appprojects',
    singular: 'appproject',
    kind: 'AppProject',
    namespaced: true,
    verbs: READ,
    shortNames: ['appproj', 'appprojs'],
    customResource: true,
  },
];

/** Subresources, listed in discovery after their parent. */
export const SUBRESOURCES: Readonly<
  Record<string, { kind: string; verbs: string[] }>
> = {
  'pods/log': { kind: 'Pod', verbs: ['get'] },
};

export function groupVersionOf(
  resource: Pick<ApiResource, 'group' | 'version'>,
): string {
  return resource.group
    ? `${resource.group}/${resource.version}`
    : resource.version;
}

export function findResource(
  group: string,
  version: string,
  plural: string,
): ApiResource | undefined {
  return API_RESOURCES.find(
    r => r.group === group && r.version === version && r.plural === plural,
  );
}

/** Discovery entries for one group/version, as in an APIResourceList. */
export function discoveryResources(group: string, version: string) {
  return API_RESOURCES.filter(
    r => r.group === group && r.version === version,
  ).flatMap(r => {
    const entry = {
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames && { shortNames: r.shortNames }),
    };
    const subresources = Object.entries(SUBRESOURCES)
      .filter(([name]) => group === '' && name.startsWith(`${r.plural}/`))
      .map(([name, sub]) => ({
        name,
        singularName: '',
        namespaced: r.namespaced,
        kind: sub.kind,
        verbs: sub.verbs,
      }));
    return [entry, ...subresources];
  });
}

/** The API groups (everything but core), in discovery order. */
export function apiGroups() {
  const groups = new Map<string, string[]>();
  for (const r of API_RESOURCES) {
    if (!r.group) continue;
    const versions = groups.get(r.group) ?? [];
    if (!versions.includes(r.version)) versions.push(r.version);
    groups.set(r.group, versions);
  }
  return [...groups.entries()].map(([name, versions]) => {
    const forDiscovery = versions.map(version => ({
      groupVersion: `${name}/${version}`,
      version,
    }));
    return { name, versions: forDiscovery, preferredVersion: forDiscovery[0] };
  });
}
