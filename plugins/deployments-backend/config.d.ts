import { HumanDuration } from '@backstage/types';

export interface Config {
  deployments?: {
    /**
     * Environments whose failed or rolled back deployments notify the
     * owning team. Defaults to ['production'].
     */
    productionEnvironments?: string[];
    dora?: {
      /** The environment DORA metrics describe by default. Defaults to production. */
      defaultEnvironment?: string;
    };
    demoData?: {
      /** Seeds a history for the demo catalog into an empty store. */
      enabled?: boolean;
    };
    argocd?: {
      schedule?: {
        /**
         * How often ArgoCD's sync history is read: a HumanDuration such as
         * { minutes: 1 }, an ISO 8601 duration ('PT1M') or an ms-style
         * string ('1m'). Defaults to one minute.
         */
        frequency?: HumanDuration | string;
        /**
         * How long a pass may run before another replica may take over
         * (the scheduler's lock expires). Defaults to five minutes.
         */
        timeout?: HumanDuration | string;
        /** How long after startup the first pass starts. Defaults to 15 s. */
        initialDelay?: HumanDuration | string;
      };
      /**
       * Which environment an ArgoCD application deploys to, by its project
       * and destination namespace. The first rule that matches wins.
       */
      environments?: Array<{
        project?: string;
        namespace?: string;
        environment: string;
      }>;
      /** The environment of applications no rule matches. */
      defaultEnvironment?: string;
    };
  };
}
