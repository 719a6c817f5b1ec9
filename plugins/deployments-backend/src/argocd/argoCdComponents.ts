import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** The annotation the Roadie ArgoCD plugin reads too; it may list several apps, comma-separated. */
export const ARGOCD_APP_NAME_ANNOTATION = 'argocd/app-name';

/**
 * The catalog Component of each ArgoCD application name. An application
 * annotated on several Components goes to the first by entity ref (a
 * deployment belongs to one entity), and the clash is logged.
 */
export async function findArgoCdComponents(options: {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
}): Promise<Map<string, string>> {
  const { catalog, auth, logger } = options;
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: 'component',
        [`metadata.annotations.${ARGOCD_APP_NAME_ANNOTATION}`]:
          CATALOG_FILTER_EXISTS,
      },
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        'metadata.annotations',
      ],
    },
    { credentials: await auth.getOwnServiceCredentials() },
  );

  const entityRefOfApp = new Map<string, string>();
  const components = items
    .map(entity => ({
      entityRef: stringifyEntityRef(entity),
      apps: (entity.metadata.annotations?.[ARGOCD_APP_NAME_ANNOTATION] ?? '')
        .split(',')
        .map(app => app.trim())
        .filter(Boolean),
    }))
    .sort((a, b) => a.entityRef.localeCompare(b.entityRef));
  for (const { entityRef, apps } of components) {
    for (const app of apps) {
      const owner = entityRefOfApp.get(app);
      if (owner === undefined) {
        entityRefOfApp.set(app, entityRef);
      } else if (owner !== entityRef) {
        logger.warn(
          `ArgoCD application "${app}" is annotated on both ${owner} and ${entityRef}; its deployments are recorded for ${owner}`,
        );
      }
    }
  }
  return entityRefOfApp;
}
