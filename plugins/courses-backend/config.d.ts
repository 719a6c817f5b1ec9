import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  courses?: {
    /**
     * YAML files of courses (one or more documents each), read on every
     * refresh. A file that cannot be read or holds an invalid course is
     * reported (GET /api/courses/locations) and keeps its courses.
     */
    locations?: Array<{
      /**
       * `url` (the default): read through the UrlReader, so the host must
       * be an integration or in backend.reading.allow. `file`: a path
       * relative to the backend's working directory.
       */
      type?: 'url' | 'file';
      target: string;
    }>;
    /**
     * How often the locations are refreshed, on one replica at a time.
     * Defaults to every 10 minutes, with a 5 minute timeout.
     */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
  };
}
