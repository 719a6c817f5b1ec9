import { LoggerService } from '@backstage/backend-plugin-api';
import { ArgoCdClient } from '@internal/argocd-client';
import { PreviewRecord } from '../database/EnvironmentStore';
import {
  fromTemplate,
  PreviewEnvironmentProvider,
} from './PreviewEnvironmentProvider';

/**
 * Previews as ArgoCD Applications. The Application itself is created the
 * GitOps way, by the preview's scaffolder template committing its manifest
 * (an app-of-apps picks it up), so `create` only checks whether it exists
 * yet. `destroy` deletes the Application with cascade, which removes its
 * workloads.
 */
export class ArgoCdPreviewProvider implements PreviewEnvironmentProvider {
  readonly name = 'argocd';

  constructor(
    private readonly options: {
      client: ArgoCdClient;
      /** `{{name}}` is the preview's name. */
      applicationName: string;
      logger: LoggerService;
    },
  ) {}

  async create(env: PreviewRecord): Promise<void> {
    const application = this.applicationName(env);
    if (!(await this.options.client.getApplication(application))) {
      this.options.logger.info(
        `Preview ${env.name}: ArgoCD application ${application} does not exist yet; it is expected from GitOps`,
      );
    }
  }

  async destroy(env: PreviewRecord): Promise<void> {
    const application = this.applicationName(env);
    const deleted = await this.options.client.deleteApplication(application);
    if (!deleted) {
      this.options.logger.info(
        `Preview ${env.name}: ArgoCD application ${application} was already gone`,
      );
    }
  }

  private applicationName(env: PreviewRecord): string {
    return fromTemplate(this.options.applicationName, env);
  }
}
