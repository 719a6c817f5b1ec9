import { AuthService } from '@backstage/backend-plugin-api';
import { RELATION_HAS_MEMBER } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  TeamCompletion,
  TeamMemberCompletion,
} from '@internal/plugin-courses-common';
import { EnrollmentStore } from '../database/EnrollmentStore';

/**
 * How far the members of a catalog group are in a course. Who may see a
 * team's completion is the caller's decision; this reads the catalog with
 * the plugin's own credentials.
 */
export class TeamCompletionService {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      enrollments: Pick<EnrollmentStore, 'listCourseEnrollments'>;
    },
  ) {}

  /**
   * Every member of the group (its hasMember relations), by user ref, with
   * their display name and progress. NotFoundError when the group is not in
   * the catalog.
   */
  async forCourse(courseId: string, groupRef: string): Promise<TeamCompletion> {
    const { catalog, auth, enrollments } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const group = await catalog.getEntityByRef(groupRef, { credentials });
    if (!group) {
      throw new NotFoundError(`No group ${groupRef} in the catalog`);
    }
    const memberRefs = [
      ...new Set(
        (group.relations ?? [])
          .filter(relation => relation.type === RELATION_HAS_MEMBER)
          .map(relation => relation.targetRef),
      ),
    ].sort();
    const [{ items: users }, memberEnrollments] = await Promise.all([
      catalog.getEntitiesByRefs(
        {
          entityRefs: memberRefs,
          fields: [
            'kind',
            'metadata.namespace',
            'metadata.name',
            'spec.profile',
          ],
        },
        { credentials },
      ),
      enrollments.listCourseEnrollments(courseId, memberRefs),
    ]);
    const byUser = new Map(memberEnrollments.map(e => [e.userRef, e]));
    const items = memberRefs.map((userEntityRef, index) => {
      const enrollment = byUser.get(userEntityRef);
      const profile = users[index]?.spec?.profile as
        | { displayName?: string }
        | undefined;
      const member: TeamMemberCompletion = {
        userEntityRef,
        ...(profile?.displayName && { displayName: profile.displayName }),
        enrolled: Boolean(enrollment),
        progress: enrollment?.progress ?? 0,
        ...(enrollment?.completedAt && {
          completedAt: enrollment.completedAt,
        }),
      };
      return member;
    });
    return {
      courseId,
      groupRef,
      items,
      memberCount: items.length,
      completedCount: items.filter(item => item.completedAt).length,
    };
  }
}
