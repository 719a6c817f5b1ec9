import { ReportedDeployment } from '../database/DeploymentStore';

/**
 * The body of the argocd-notifications webhook: one sync operation of one
 * application (ArgoCdNotification in openapi.yaml).
 */
export interface ArgoCdNotification {
  /** The ArgoCD instance name as configured in the portal. */
  instance: string;
  app: string;
  project?: string;
  destinationNamespace?: string;
  revision: string;
  phase: 'Running' | 'Terminating' | 'Succeeded' | 'Failed' | 'Error';
  startedAt: string;
  finishedAt?: string;
  author?: string;
  images?: string[];
}

/** Turns an ArgoCD webhook notification into the deployment it reports. */
export interface ArgoCdNotificationMapper {
  /**
   * The deployment of the catalog entity annotated with the notification's
   * app, or undefined when no entity is. Who records it is the webhook's
   * caller.
   */
  toDeployment(
    notification: ArgoCdNotification,
  ): Promise<ReportedDeployment | undefined>;
}
