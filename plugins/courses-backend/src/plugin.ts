import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { coursePermissions } from '@internal/plugin-courses-common';
import {
  coursePermissionResourceRef,
  courseRules,
} from '@internal/plugin-courses-node';
import { createCourseStores } from './database/createCourseStores';
import { CourseLocationRefresher } from './ingestion/CourseLocationRefresher';
import {
  readCourseLocations,
  readRefreshSchedule,
} from './ingestion/locations';
import { CourseNotifier } from './notifications/CourseNotifier';
import { createRouter } from './service/router';
import { TeamCompletionService } from './service/TeamCompletion';

/**
 * Learning courses: a catalog of courses with full-text search, enrolment
 * and progress, read from YAML locations on a schedule and authored through
 * the API by their owners.
 */
export const coursesPlugin = createBackendPlugin({
  pluginId: 'courses',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        urlReader,
        auth,
        httpAuth,
        httpRouter,
        userInfo,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
        notifications,
      }) {
        // Config errors fail the startup rather than a refresh later.
        const locations = readCourseLocations(config);
        const schedule = readRefreshSchedule(config);

        const { courseCatalog, enrollments } = await createCourseStores({
          database,
        });

        // The course resource type lets policies grant course.manage to a
        // course's owners, and lets the frontend ask about one course.
        permissionsRegistry.addResourceType({
          resourceRef: coursePermissionResourceRef,
          permissions: coursePermissions,
          rules: Object.values(courseRules),
          getResources: ids => courseCatalog.getCourses(ids),
        });
        const isAllowed = createConditionAuthorizer(
          permissionsRegistry.getPermissionRuleset(coursePermissionResourceRef),
        );

        const refresher = new CourseLocationRefresher({
          locations,
          store: courseCatalog,
          urlReader,
          logger,
        });
        await scheduler.scheduleTask({
          id: 'courses-location-refresh',
          ...schedule,
          scope: 'global',
          fn: () => refresher.refresh(),
        });

        httpRouter.use(
          await createRouter({
            courseCatalog,
            enrollments,
            teamCompletion: new TeamCompletionService({
              catalog,
              auth,
              enrollments,
            }),
            locations: refresher,
            notifier: new CourseNotifier(notifications, logger),
            isAllowed,
            httpAuth,
            auth,
            userInfo,
            permissions,
            auditor,
            catalog,
          }),
        );
      },
    });
  },
});
