import { readSchedulerServiceTaskScheduleDefinitionFromConfig } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Where course YAML files are read from. */
export interface CourseLocation {
  /**
   * `url`: read through the UrlReader (and its integrations), like the
   * catalog's url locations. `file`: a path on the backend's disk, relative
   * to its working directory, for the embedded demo courses.
   */
  type: 'url' | 'file';
  target: string;
}

export const DEFAULT_SCHEDULE = {
  frequency: { minutes: 10 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 15 },
};

export function readCourseLocations(config: Config): CourseLocation[] {
  return (config.getOptionalConfigArray('courses.locations') ?? []).map(
    (location, index) => {
      const type = location.getOptionalString('type') ?? 'url';
      if (type !== 'url' && type !== 'file') {
        throw new InputError(
          `courses.locations[${index}].type: must be url or file, not ${type}`,
        );
      }
      return { type, target: location.getString('target') };
    },
  );
}

export function readRefreshSchedule(config: Config) {
  return config.has('courses.schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig('courses.schedule'),
      )
    : DEFAULT_SCHEDULE;
}

/** The `source` of the courses a location provides. */
export function locationSource(target: string): `location:${string}` {
  return `location:${target}`;
}

export function isLocationSource(
  source: string,
): source is `location:${string}` {
  return source.startsWith('location:');
}
