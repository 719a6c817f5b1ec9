import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /** The entity provider of preview environments. */
      environments?: {
        /**
         * How often preview environments are read from the environments
         * API. Defaults to every minute, with a one-minute timeout.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
