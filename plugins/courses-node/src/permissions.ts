import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  CourseDocument,
  RESOURCE_TYPE_COURSE,
} from '@internal/plugin-courses-common';
import { z } from 'zod';

/** A filter on courses: those owned by one of the given groups. */
export type CourseFilter = { key: 'owner'; values: string[] };

/** Courses as the permission framework sees them. */
export const coursePermissionResourceRef = createPermissionResourceRef<
  CourseDocument,
  CourseFilter
>().with({ pluginId: 'courses', resourceType: RESOURCE_TYPE_COURSE });

/**
 * Allows courses whose owner group is among the claims, e.g. the user's
 * ownership refs: the members of a course's owner group manage it.
 */
export const isCourseOwner = createPermissionRule({
  name: 'IS_COURSE_OWNER',
  description: 'Allow courses owned by one of the given groups',
  resourceRef: coursePermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Entity refs, e.g. the ownership refs of the user'),
  }),
  apply: (course, { claims }) =>
    claims.some(claim => claim.toLocaleLowerCase('en-US') === course.owner),
  toQuery: ({ claims }) => ({
    key: 'owner',
    values: claims.map(claim => claim.toLocaleLowerCase('en-US')),
  }),
});

export const courseRules = { isCourseOwner };

/**
 * For permission policies: `courseConditions.isCourseOwner({ claims })` and
 * `createCourseConditionalDecision(permission, condition)`.
 */
export const {
  conditions: courseConditions,
  createConditionalDecision: createCourseConditionalDecision,
} = createConditionExports({
  resourceRef: coursePermissionResourceRef,
  rules: courseRules,
});
