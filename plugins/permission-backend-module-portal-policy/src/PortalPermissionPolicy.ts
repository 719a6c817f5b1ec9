import {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  catalogEntityDeletePermission,
  catalogIngestionManagePermission,
  catalogLocationDeletePermission,
  RESOURCE_TYPE_CATALOG_ENTITY,
} from '@backstage/plugin-catalog-common/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  Permission,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import {
  RESOURCE_TYPE_SCAFFOLDER_TASK,
  taskCancelPermission,
  taskReadPermission,
  templateManagementPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import { deploymentCreatePermission } from '@internal/plugin-deployments-common';
import {
  environmentConfigWritePermission,
  environmentCreatePermission,
  environmentDeletePermission,
  environmentExtendPermission,
  environmentLockPermission,
  environmentPromoteOverridePermission,
  environmentPromotePermission,
  environmentPromoteProductionPermission,
  RESOURCE_TYPE_ENVIRONMENT,
} from '@internal/plugin-environments-common';
import {
  createEnvironmentConditionalDecision,
  environmentConditions,
} from '@internal/plugin-environments-node';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  courseConditions,
  createCourseConditionalDecision,
} from '@internal/plugin-courses-node';
import {
  courseManagePermission,
  RESOURCE_TYPE_COURSE,
} from '@internal/plugin-courses-common';
import { prometheusQueryPermission } from '@internal/plugin-prometheus-common';

const DEFAULT_ADMIN_GROUPS = ['group:default/platform-team'];

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/** What the policy knows about the signed-in user when it decides. */
export interface PortalPolicyUser {
  userEntityRef: string;
  ownershipEntityRefs: string[];
  isAdmin: boolean;
}

/**
 * A decision for one family of permissions. Returns undefined when the rule
 * does not apply, so the next rule is asked.
 */
export type PortalPolicyRule = (
  request: PolicyQuery,
  user: PortalPolicyUser,
) => PolicyDecision | undefined;

/**
 * Actions only administrators may take: unregistering a location (it can
 * remove many entities at once), locking environments, promoting to a
 * production-tier environment or past a lock, running raw PromQL (it can
 * read any series of any service, and load Prometheus), and the Kubernetes
 * proxy (it reaches the clusters with the portal's own service account,
 * which reads pod logs and ConfigMaps of every namespace).
 */
function onlyAdminsMay(...permissions: Permission[]): PortalPolicyRule {
  return ({ permission }) =>
    permissions.some(p => isPermission(permission, p)) ? DENY : undefined;
}

/**
 * Actions on a catalog entity that only its owners (and administrators) may
 * take: the decision is conditional on the entity's ownership, which the
 * catalog evaluates for the entity at hand.
 */
function onlyOwnersMay(
  ...permissions: ResourcePermission<typeof RESOURCE_TYPE_CATALOG_ENTITY>[]
): PortalPolicyRule {
  const names = new Set(permissions.map(p => p.name));
  return ({ permission }, user) => {
    if (
      !names.has(permission.name) ||
      !isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)
    ) {
      return undefined;
    }
    return createCatalogConditionalDecision(
      permission,
      catalogConditions.isEntityOwner({ claims: user.ownershipEntityRefs }),
    );
  };
}

/**
 * Actions on an environment only the members of its owner group (and
 * administrators) may take; `exceptTiers` keeps the environments of those
 * tiers for administrators alone.
 */
function onlyEnvironmentOwnersMay(
  permissions: ResourcePermission<typeof RESOURCE_TYPE_ENVIRONMENT>[],
  options: { exceptTiers?: Array<'production'> } = {},
): PortalPolicyRule {
  const names = new Set(permissions.map(p => p.name));
  return ({ permission }, user) => {
    if (
      !names.has(permission.name) ||
      !isResourcePermission(permission, RESOURCE_TYPE_ENVIRONMENT)
    ) {
      return undefined;
    }
    const owner = environmentConditions.isEnvironmentOwner({
      claims: user.ownershipEntityRefs,
    });
    return createEnvironmentConditionalDecision(
      permission,
      options.exceptTiers
        ? {
            allOf: [
              owner,
              {
                not: environmentConditions.hasEnvironmentTier({
                  tiers: options.exceptTiers,
                }),
              },
            ],
          }
        : owner,
    );
  };
}

/**
 * Scaffolder tasks only the user who started them (and administrators) may
 * read or cancel: their parameters and logs can carry what the user typed.
 */
function onlyTaskCreatorsMay(
  ...permissions: ResourcePermission<typeof RESOURCE_TYPE_SCAFFOLDER_TASK>[]
): PortalPolicyRule {
  const names = new Set(permissions.map(p => p.name));
  return ({ permission }, user) => {
    if (
      !names.has(permission.name) ||
      !isResourcePermission(permission, RESOURCE_TYPE_SCAFFOLDER_TASK)
    ) {
      return undefined;
    }
    return createScaffolderTaskConditionalDecision(
      permission,
      scaffolderTaskConditions.isTaskOwner({
        createdBy: [user.userEntityRef],
      }),
    );
  };
}

/**
 * Courses only the members of their owner group (and administrators) may
 * create, change and delete: the courses plugin applies the condition to
 * the course at hand, also to one about to be created.
 */
function onlyCourseOwnersMay(
  ...permissions: ResourcePermission<typeof RESOURCE_TYPE_COURSE>[]
): PortalPolicyRule {
  const names = new Set(permissions.map(p => p.name));
  return ({ permission }, user) => {
    if (
      !names.has(permission.name) ||
      !isResourcePermission(permission, RESOURCE_TYPE_COURSE)
    ) {
      return undefined;
    }
    return createCourseConditionalDecision(
      permission,
      courseConditions.isCourseOwner({ claims: user.ownershipEntityRefs }),
    );
  };
}

/**
 * The rules every non-administrator request goes through, in order. Each of
 * the portal's own plugins appends the rules for its permissions here.
 */
export const portalPolicyRules: PortalPolicyRule[] = [
  onlyAdminsMay(
    catalogLocationDeletePermission,
    // Catalog: entity providers' ingestion and its marks.
    catalogIngestionManagePermission,
    environmentLockPermission,
    environmentPromoteProductionPermission,
    environmentPromoteOverridePermission,
    // Prometheus: raw PromQL through POST /api/prometheus/query.
    prometheusQueryPermission,
    // Kubernetes: the proxy to the clusters (the read-only views stay).
    kubernetesProxyPermission,
    // Scaffolder: the template editor and its dry runs of any template.
    templateManagementPermission,
  ),
  onlyOwnersMay(
    // Catalog: deleting an entity.
    catalogEntityDeletePermission,
    // Deployment history: recording a deployment of an entity by hand (CI
    // pipelines use a service token and are not subject to policies).
    deploymentCreatePermission,
    // Environments: promoting a version of a service, and creating a
    // preview environment of it.
    environmentPromotePermission,
    environmentCreatePermission,
  ),
  // Environments: extending and tearing down a preview.
  onlyEnvironmentOwnersMay([
    environmentExtendPermission,
    environmentDeletePermission,
  ]),
  // Environments: config and secrets; production's only for admins.
  onlyEnvironmentOwnersMay([environmentConfigWritePermission], {
    exceptTiers: ['production'],
  }),
  // Scaffolder: reading and cancelling a task.
  onlyTaskCreatorsMay(taskReadPermission, taskCancelPermission),
  // Learning courses: authoring.
  onlyCourseOwnersMay(courseManagePermission),
];

/**
 * The portal's permission policy: signed-in users read and use the portal;
 * destructive and administrative actions are for owners and the admin groups
 * (the platform team by default). Requests without a signed-in user are
 * denied: service-to-service calls never reach a policy.
 */
export class PortalPermissionPolicy implements PermissionPolicy {
  static fromConfig(
    config: Config,
    options: { userInfo: UserInfoService; rules?: PortalPolicyRule[] },
  ): PortalPermissionPolicy {
    const adminGroups =
      config.getOptionalStringArray('permission.portal.adminGroups') ??
      DEFAULT_ADMIN_GROUPS;
    return new PortalPermissionPolicy(
      new Set(adminGroups.map(ref => ref.toLocaleLowerCase('en-US'))),
      options.userInfo,
      options.rules ?? portalPolicyRules,
    );
  }

  private constructor(
    private readonly adminGroups: ReadonlySet<string>,
    private readonly userInfo: UserInfoService,
    private readonly rules: PortalPolicyRule[],
  ) {}

  async handle(
    request: PolicyQuery,
    queryUser?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!queryUser) {
      return DENY;
    }
    const user = await this.describeUser(queryUser.credentials);
    if (user.isAdmin) {
      return ALLOW;
    }
    for (const rule of this.rules) {
      const decision = rule(request, user);
      if (decision) {
        return decision;
      }
    }
    return ALLOW;
  }

  private async describeUser(
    credentials: BackstageCredentials,
  ): Promise<PortalPolicyUser> {
    const { userEntityRef, ownershipEntityRefs } =
      await this.userInfo.getUserInfo(credentials);
    const isAdmin = ownershipEntityRefs.some(ref =>
      this.adminGroups.has(ref.toLocaleLowerCase('en-US')),
    );
    return { userEntityRef, ownershipEntityRefs, isAdmin };
  }
}
