import { courseManagePermission } from '@internal/plugin-courses-common';
import { usePermission } from '@backstage/plugin-permission-react';

/**
 * Whether the user may edit and delete a course: its owners and the
 * administrators may. Asked per course, as the policy decides by owner.
 */
export function useCanManageCourse(courseId: string): boolean {
  return usePermission({
    permission: courseManagePermission,
    resourceRef: courseId,
  }).allowed;
}
