import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ArgoCdClient, readArgoCdInstances } from '@internal/argocd-client';
import { ArgoCdPreviewProvider } from './ArgoCdPreviewProvider';
import { KubernetesPreviewProvider } from './KubernetesPreviewProvider';
import {
  NoopPreviewProvider,
  PreviewEnvironmentProvider,
} from './PreviewEnvironmentProvider';

const DEFAULT_RESOURCE_NAME = 'preview-{{name}}';

/** The provider `environments.previews.provider` selects; `none` by default. */
export function previewProviderFromConfig(
  config: Config,
  options: { logger: LoggerService },
): PreviewEnvironmentProvider {
  const previews = config.getOptionalConfig('environments.previews');
  const provider = previews?.getOptionalString('provider') ?? 'none';
  switch (provider) {
    case 'none':
      return new NoopPreviewProvider();
    case 'argocd': {
      const wanted = previews?.getOptionalString('argocd.instance');
      const instances = readArgoCdInstances(config);
      const instance = wanted
        ? instances.find(i => i.name === wanted)
        : instances[0];
      if (!instance) {
        throw new Error(
          wanted
            ? `environments.previews.argocd.instance: no ArgoCD instance "${wanted}" in argocd.appLocatorMethods`
            : 'environments.previews.provider is argocd, but argocd.appLocatorMethods configures no instance',
        );
      }
      return new ArgoCdPreviewProvider({
        client: new ArgoCdClient(instance),
        applicationName:
          previews?.getOptionalString('argocd.applicationName') ??
          DEFAULT_RESOURCE_NAME,
        logger: options.logger,
      });
    }
    case 'kubernetes':
      return new KubernetesPreviewProvider({
        url: previews!.getString('kubernetes.url').replace(/\/+$/, ''),
        token: previews!.getString('kubernetes.token'),
        namespace:
          previews!.getOptionalString('kubernetes.namespace') ??
          DEFAULT_RESOURCE_NAME,
      });
    default:
      throw new Error(
        `environments.previews.provider must be argocd, kubernetes or none, not "${provider}"`,
      );
  }
}
