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
    previews?: {
      /**
       * What creates and destroys a preview's resources: `argocd` deletes
       * its Application (named after the preview), `kubernetes` deletes its
       * namespace, `none` only tracks it. Defaults to none.
       */
      provider?: 'argocd' | 'kubernetes' | 'none';
      argocd?: {
        /** The ArgoCD instance (argocd.appLocatorMethods) previews live on; defaults to the first. */
        instance?: string;
        /** The Application name; `{{name}}` is the preview's name. Defaults to `preview-{{name}}`. */
        applicationName?: string;
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
