import { createPermission } from '@backstage/plugin-permission-common';

/** The resource type of a course, as permission policies see it. */
export const RESOURCE_TYPE_COURSE = 'course';

/**
 * Creating, replacing and deleting a course. A resource permission on the
 * course, so a policy can let the members of its owner group manage it (and
 * the platform team any) with the backend's `IS_COURSE_OWNER` rule. Creating
 * is checked against the course as it would be, replacing against the course
 * both before and after.
 */
export const courseManagePermission = createPermission({
  name: 'course.manage',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_COURSE,
});

export const coursePermissions = [courseManagePermission];
