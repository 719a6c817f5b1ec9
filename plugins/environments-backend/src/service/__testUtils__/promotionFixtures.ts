import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import {
  createDemoWorld,
  DEMO_APPLICATIONS,
  DEMO_SERVICES,
  DemoApplication,
  DemoWorld,
  RunningDouble,
  startArgoCdDouble,
} from '@internal/local-doubles';
import { component, entities as baseEntities, PAYMENTS_TEAM } from './fixtures';

/*
 * What promotions need around the environments plugin: the ArgoCD double
 * with the demo platform's applications (each service's production one,
 * plus `<app>-development` and `<app>-staging`) and the applications of
 * previews, the platform's mapping in app-config, and services that name
 * their ArgoCD application.
 */

export const ARGOCD_INSTANCE = 'local-double';
export const PREVIEWS_PROJECT = 'previews';

/** The preview of course-service the double has an application for. */
export const COURSE_PREVIEW = 'pr-7';
/** A preview whose application is in another project than previews'. */
export const STRAY_PREVIEW = 'pr-stray';

const courseService = DEMO_SERVICES.find(s => s.name === 'course-service')!;

/** The application of a preview, as its template would commit it. */
function previewApplication(
  name: string,
  project = PREVIEWS_PROJECT,
): DemoApplication {
  return {
    name: `preview-${name}`,
    service: courseService,
    environment: name,
    project,
    namespace: `preview-${name}`,
    runsWorkloads: false,
  };
}

export interface ArgoCd {
  world: DemoWorld;
  double: RunningDouble;
  /** `argocd` config pointing at the double. */
  config: JsonObject;
  /** The revision an application last synced (or syncs) to. */
  syncedTo(application: string): string | undefined;
  close(): Promise<void>;
}

/** The ArgoCD double with the demo platform's and two previews' applications. */
export async function startArgoCd(): Promise<ArgoCd> {
  const world = createDemoWorld({
    syncDurationMs: 50,
    applications: [
      ...DEMO_APPLICATIONS,
      previewApplication(COURSE_PREVIEW),
      previewApplication(STRAY_PREVIEW, 'default'),
    ],
  });
  const double = await startArgoCdDouble({
    port: 0,
    world,
    username: 'admin',
    password: 'pw',
  });
  return {
    world,
    double,
    config: {
      appLocatorMethods: [
        {
          type: 'config',
          instances: [
            {
              name: ARGOCD_INSTANCE,
              url: double.url,
              username: 'admin',
              password: 'pw',
            },
          ],
        },
      ],
    },
    syncedTo: application =>
      world.getApplication(application)?.status.operationState.operation.sync
        .revision,
    close: async () => {
      world.close();
      await double.close();
    },
  };
}

/**
 * The platform's mapping, as app-config.yaml has it: development and
 * staging are `<app>-<env>` in project default, production is `<app>` in
 * the domains' projects; previews are promoted to in project previews.
 */
export const PROMOTION_TARGETS: JsonObject = {
  argocd: {
    targets: {
      development: {
        instance: ARGOCD_INSTANCE,
        projects: ['default'],
        destinationNamespaces: ['development'],
        application: '{{app}}-development',
      },
      staging: {
        instance: ARGOCD_INSTANCE,
        projects: ['default'],
        destinationNamespaces: ['staging'],
        application: '{{app}}-staging',
      },
      production: {
        instance: ARGOCD_INSTANCE,
        projects: ['learning', 'jobs', 'platform'],
        application: '{{app}}',
      },
    },
  },
  previews: {
    provider: 'argocd',
    argocd: { instance: ARGOCD_INSTANCE, project: PREVIEWS_PROJECT },
  },
};

/** A Component that names its ArgoCD application(s) in argocd/app-name. */
export function serviceNaming(
  name: string,
  owner: string,
  app: string | undefined,
): Entity {
  const entity = component(name, owner);
  return app === undefined
    ? entity
    : {
        ...entity,
        metadata: {
          ...entity.metadata,
          annotations: { 'argocd/app-name': app },
        },
      };
}

/**
 * Payments' service naming course-service's application (learning's) as
 * its own: the door the finding is about.
 */
export const PAYMENTS_IMPOSTOR = 'component:default/payments-portal';
export const impostor = serviceNaming(
  'payments-portal',
  PAYMENTS_TEAM,
  'course-service',
);

/**
 * The router tests' catalog, where course-service and pipeline-engine name
 * their applications (quiz-service names none); `extra` added.
 */
export function promotionEntities(...extra: Entity[]): Entity[] {
  const apps: Record<string, string> = {
    'course-service': 'course-service',
    'pipeline-engine': 'pipeline-engine',
  };
  return [
    ...baseEntities.map(entity =>
      entity.kind === 'Component' && apps[entity.metadata.name]
        ? serviceNaming(
            entity.metadata.name,
            entity.spec!.owner as string,
            apps[entity.metadata.name],
          )
        : entity,
    ),
    ...extra,
  ];
}
