import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { coursesApi } from '../api';
import { learnPage } from '../plugin';
import { BACKEND_BASE_URL, GUEST, PLATFORM_TEAM, teams } from './fixtures';

export interface RenderLearnPageOptions {
  /** The course.manage answer; allowed unless told otherwise. */
  permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
}

/** The /learn page at `path`, signed in as the guest of platform-team. */
export function renderLearnPage(
  path: string,
  options: RenderLearnPageOptions = {},
) {
  return renderTestApp({
    extensions: [coursesApi, learnPage],
    initialRouteEntries: [path],
    apis: [
      mockApis.discovery({ baseUrl: BACKEND_BASE_URL }),
      mockApis.identity({
        userEntityRef: GUEST,
        ownershipEntityRefs: [GUEST, PLATFORM_TEAM],
      }),
      mockApis.permission({
        authorize: options.permission ?? AuthorizeResult.ALLOW,
      }),
      catalogApiMock({ entities: teams }),
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}
