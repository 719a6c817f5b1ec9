import { HumanDuration } from '@backstage/types';

export interface Config {
  environments?: {
    /**
     * The key that encrypts secret config values at rest (AES-256-GCM):
     * 32 random bytes, base64-encoded (`openssl rand -base64 32`). Without
     * it, secret values cannot be written or compared.
     * @visibility secret
     */
    secretsKey?: string;
    /**
     * Recurring weekly freeze windows during which promotions to the
     * environment are refused, e.g. from Friday 16:00 to Monday 08:00.
     */
    freezeWindows?: Array<{
      environment: string;
      reason: string;
      /** An IANA time zone, e.g. Europe/Berlin. */
      timeZone: string;
      start: { day: string; time: string };
      end: { day: string; time: string };
    }>;
    /**
     * Where promotions sync, owned by the platform: the catalog (which any
     * signed-in user can add Resources and annotations to) never decides it.
     */
    argocd?: {
      /**
       * By environment name (a catalog environment's, lowercase): the one
       * ArgoCD application a promotion of a service to that environment
       * syncs. A promotion to a catalog environment without an entry here is
       * refused (409), and so is one whose application is missing on the
       * instance, is in another project, deploys to another namespace, or
       * is claimed by more than one component. Previews take their
       * application from `environments.previews.argocd` instead.
       */
      targets?: {
        [environment: string]: {
          /** An instance of argocd.appLocatorMethods. */
          instance: string;
          /** The application's spec.project must be one of these. */
          projects: string[];
          /** When given, its spec.destination.namespace must be one of these. */
          destinationNamespaces?: string[];
          /**
           * The application's name for a service: `{{app}}` is the service's
           * argocd/app-name annotation, `{{name}}` its entity name; at least
           * one of them must be used. Defaults to `{{app}}`.
           */
          application?: string;
          /**
           * The environment whose trusted deployments (recorded by CI or
           * ArgoCD, not by hand) vouch for a version promoted here; a
           * request's fromEnvironment must be it. Defaults by the target's
           * tier: staging takes from development, production from staging;
           * other tiers take a trusted deployment from any environment.
           */
          promotesFrom?: string;
        };
      };
    };
    previews?: {
      /**
       * What creates and destroys a preview's resources: `argocd` deletes
       * its Application (named after the preview), `kubernetes` deletes its
       * namespace, `none` only tracks it. Defaults to none.
       */
      provider?: 'argocd' | 'kubernetes' | 'none';
      /**
       * How many live previews (not expired, not being torn down) one owner
       * group may have at a time; creating one more is refused with 409.
       * A whole number, 0 or more. Defaults to 5.
       */
      maxActivePerOwner?: number;
      argocd?: {
        /** The ArgoCD instance (argocd.appLocatorMethods) previews live on; defaults to the first. */
        instance?: string;
        /** The Application name; `{{name}}` is the preview's name. Defaults to `preview-{{name}}`. */
        applicationName?: string;
        /**
         * The ArgoCD project of preview Applications. A promotion to a
         * preview syncs only that preview's own Application, and only while
         * it is in this project; without it, promotions to previews are
         * refused.
         */
        project?: string;
        /**
         * The destination namespace of a preview's Application; `{{name}}`
         * is the preview's name. Defaults to `preview-{{name}}`.
         */
        namespace?: string;
      };
      kubernetes?: {
        /** The API server, e.g. https://k8s.example.com:6443. */
        url: string;
        /** @visibility secret */
        token: string;
        /** The namespace; `{{name}}` is the preview's name. Defaults to `preview-{{name}}`. */
        namespace?: string;
      };
      reaper?: {
        /**
         * How often expired previews are torn down and owners warned: a
         * HumanDuration, an ISO 8601 duration or an ms-style string.
         * Defaults to one minute.
         */
        frequency?: HumanDuration | string;
        /**
         * How long a run may take before another replica may take over
         * (the scheduler's lock expires). Defaults to five minutes.
         */
        timeout?: HumanDuration | string;
        /** How long after startup the first run starts. Defaults to 30 s. */
        initialDelay?: HumanDuration | string;
      };
    };
    matrix?: {
      /** How many deployment-history requests the matrix runs at once. Defaults to 16. */
      concurrency?: number;
      /** How long a service's current versions are cached. Defaults to 15 s. */
      cacheTtl?: HumanDuration | string;
    };
  };
}
