import { Config } from '@backstage/config';

/** How the portal authenticates to one ArgoCD instance. */
export type ArgoCdCredentials =
  | { token: string }
  | { username: string; password: string };

/** One ArgoCD instance, as configured in `argocd.appLocatorMethods`. */
export interface ArgoCdInstance {
  name: string;
  /** Base URL without a trailing slash, e.g. https://argocd.example.com */
  url: string;
  credentials: ArgoCdCredentials;
}

/**
 * Reads the ArgoCD instances from the same keys the Roadie ArgoCD plugin
 * uses, so one configuration serves both: `argocd.appLocatorMethods` of type
 * `config`, each instance with a `token` or a `username`/`password`, falling
 * back to the top-level `argocd.username`/`argocd.password`.
 */
export function readArgoCdInstances(config: Config): ArgoCdInstance[] {
  const argocd = config.getOptionalConfig('argocd');
  if (!argocd) return [];
  const defaultUsername = argocd.getOptionalString('username');
  const defaultPassword = argocd.getOptionalString('password');

  const instances = (argocd.getOptionalConfigArray('appLocatorMethods') ?? [])
    .filter(method => method.getString('type') === 'config')
    .flatMap(method => method.getOptionalConfigArray('instances') ?? [])
    .map((instance): ArgoCdInstance => {
      const name = instance.getString('name');
      const url = instance.getString('url').replace(/\/+$/, '');
      const token = instance.getOptionalString('token');
      const username =
        instance.getOptionalString('username') ?? defaultUsername;
      const password =
        instance.getOptionalString('password') ?? defaultPassword;
      if (token) return { name, url, credentials: { token } };
      if (username && password) {
        return { name, url, credentials: { username, password } };
      }
      throw new Error(
        `ArgoCD instance "${name}" has no credentials: set its token, or a username and password on it or in argocd.username/argocd.password`,
      );
    });

  // Instances are referred to by name (deployments' sourceIds, annotations).
  const names = instances.map(instance => instance.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) {
    throw new Error(`ArgoCD instance "${duplicate}" is configured twice`);
  }
  return instances;
}
