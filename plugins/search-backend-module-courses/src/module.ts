import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { CourseCollatorFactory } from './CourseCollatorFactory';

const DEFAULT_SCHEDULE = {
  frequency: { minutes: 10 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 30 },
};

/** Puts learning courses into the portal's search. */
export const searchModuleCourses = createBackendModule({
  pluginId: 'search',
  moduleId: 'courses-collator',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        scheduler: coreServices.scheduler,
        indexRegistry: searchIndexRegistryExtensionPoint,
      },
      async init({ config, discovery, auth, scheduler, indexRegistry }) {
        const scheduleKey = 'search.collators.courses.schedule';
        const schedule = config.has(scheduleKey)
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              config.getConfig(scheduleKey),
            )
          : DEFAULT_SCHEDULE;
        indexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner(schedule),
          factory: CourseCollatorFactory.fromServices({ discovery, auth }),
        });
      },
    });
  },
});
