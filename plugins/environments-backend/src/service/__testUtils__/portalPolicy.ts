import {
  AuthService,
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  DiscoveryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AuthorizePermissionRequest,
  AuthorizePermissionResponse,
  AuthorizeResult,
  ConditionalPolicyDecision,
  isPermission,
  isResourcePermission,
  Permission,
  PermissionCondition,
  PermissionCriteria,
  PolicyDecision,
  QueryPermissionRequest,
  QueryPermissionResponse,
} from '@backstage/plugin-permission-common';
import {
  environmentConfigWritePermission,
  environmentLockPermission,
  environmentPromoteOverridePermission,
  environmentPromoteProductionPermission,
  RESOURCE_TYPE_ENVIRONMENT,
} from '@internal/plugin-environments-common';
import {
  createEnvironmentConditionalDecision,
  environmentConditions,
} from '@internal/plugin-environments-node';
import { PLATFORM_TEAM } from './fixtures';

/*
 * The permission framework as the portal runs it, for the router tests:
 * a policy that decides like the portal's (PortalPermissionPolicy, whose
 * own tests pin its decisions), and conditional decisions applied the way
 * the permission backend applies them. Environment conditions go to this
 * plugin's apply-conditions endpoint, so its registered rules and
 * getResources decide on the environment at hand; catalog conditions are
 * applied to the test catalog's entities, as the catalog would.
 */

const CATALOG_ENTITY = 'catalog-entity';
const ALLOW = { result: AuthorizeResult.ALLOW } as const;
const DENY = { result: AuthorizeResult.DENY } as const;

/**
 * What the portal's policy decides for a user with these ownership refs:
 * administrators (the platform team) may do anything; locks and promotions
 * to production or past a lock are theirs alone; creating a preview of a
 * service and promoting it are for the service's owners; extending and
 * deleting an environment for its owners, and changing its config too,
 * but not of production-tier environments.
 */
export function portalPolicyDecision(
  permission: Permission,
  ownershipEntityRefs: string[],
): PolicyDecision {
  if (ownershipEntityRefs.includes(PLATFORM_TEAM)) {
    return ALLOW;
  }
  const adminOnly = [
    environmentLockPermission,
    environmentPromoteProductionPermission,
    environmentPromoteOverridePermission,
  ];
  if (adminOnly.some(p => isPermission(permission, p))) {
    return DENY;
  }
  const claims = ownershipEntityRefs;
  if (isResourcePermission(permission, CATALOG_ENTITY)) {
    return {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: CATALOG_ENTITY,
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: CATALOG_ENTITY,
        params: { claims },
      },
    };
  }
  if (isResourcePermission(permission, RESOURCE_TYPE_ENVIRONMENT)) {
    const owner = environmentConditions.isEnvironmentOwner({ claims });
    return createEnvironmentConditionalDecision(
      permission,
      isPermission(permission, environmentConfigWritePermission)
        ? {
            allOf: [
              owner,
              {
                not: environmentConditions.hasEnvironmentTier({
                  tiers: ['production'],
                }),
              },
            ],
          }
        : owner,
    );
  }
  return ALLOW;
}

/** One decision the permission service gave, for assertions. */
export interface RecordedDecision {
  permission: string;
  resourceRef?: string;
  /** The user ref, or `service:<subject>`. */
  caller: string;
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
}

/** IS_ENTITY_OWNER, as the catalog applies it to an entity. */
function applyCatalogConditions(
  criteria: PermissionCriteria<PermissionCondition>,
  entity: Entity | undefined,
): boolean {
  if (!entity) {
    return false;
  }
  if ('allOf' in criteria) {
    return criteria.allOf.every(c => applyCatalogConditions(c, entity));
  }
  if ('anyOf' in criteria) {
    return criteria.anyOf.some(c => applyCatalogConditions(c, entity));
  }
  if ('not' in criteria) {
    return !applyCatalogConditions(criteria.not, entity);
  }
  if (criteria.rule !== 'IS_ENTITY_OWNER') {
    throw new Error(`The test catalog does not apply ${criteria.rule}`);
  }
  const claims = new Set(
    (criteria.params?.claims as string[]).map(c => c.toLocaleLowerCase()),
  );
  return (entity.relations ?? []).some(
    r => r.type === 'ownedBy' && claims.has(r.targetRef.toLocaleLowerCase()),
  );
}

class PortalPolicyPermissions implements PermissionsService {
  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      entities: Entity[];
      ownershipOf(userEntityRef: string): string[];
      decisions: RecordedDecision[];
    },
  ) {}

  async authorize(
    requests: AuthorizePermissionRequest[],
    options: { credentials: BackstageCredentials },
  ): Promise<AuthorizePermissionResponse[]> {
    const { principal } = options.credentials as BackstageCredentials<any>;
    return Promise.all(
      requests.map(async request => {
        let result: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
        let caller: string;
        if (principal.type === 'service') {
          // As the framework's permission client: services are not subject
          // to policies.
          caller = `service:${principal.subject}`;
          result = AuthorizeResult.ALLOW;
        } else if (principal.type === 'user') {
          caller = principal.userEntityRef;
          result = await this.decide(request, caller);
        } else {
          caller = 'none';
          result = AuthorizeResult.DENY;
        }
        this.deps.decisions.push({
          permission: request.permission.name,
          ...('resourceRef' in request &&
            request.resourceRef !== undefined && {
              resourceRef: request.resourceRef,
            }),
          caller,
          result,
        });
        return { result };
      }),
    );
  }

  async authorizeConditional(
    requests: QueryPermissionRequest[],
    options: { credentials: BackstageCredentials },
  ): Promise<QueryPermissionResponse[]> {
    const { principal } = options.credentials as BackstageCredentials<any>;
    if (principal.type !== 'user') {
      return requests.map(() => (principal.type === 'service' ? ALLOW : DENY));
    }
    const ownership = this.deps.ownershipOf(principal.userEntityRef);
    return requests.map(
      request =>
        portalPolicyDecision(
          request.permission,
          ownership,
        ) as QueryPermissionResponse,
    );
  }

  private async decide(
    request: AuthorizePermissionRequest,
    userEntityRef: string,
  ): Promise<AuthorizeResult.ALLOW | AuthorizeResult.DENY> {
    const decision = portalPolicyDecision(
      request.permission,
      this.deps.ownershipOf(userEntityRef),
    );
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      return decision.result;
    }
    const resourceRef = (request as { resourceRef?: string }).resourceRef;
    if (resourceRef === undefined) {
      // The permission backend cannot apply conditions without a resource.
      return AuthorizeResult.DENY;
    }
    return decision.resourceType === CATALOG_ENTITY
      ? this.applyCatalogDecision(decision, resourceRef)
      : this.applyOverHttp(decision, resourceRef);
  }

  private applyCatalogDecision(
    decision: ConditionalPolicyDecision,
    entityRef: string,
  ): AuthorizeResult.ALLOW | AuthorizeResult.DENY {
    const entity = this.deps.entities.find(
      e =>
        stringifyEntityRef(e).toLocaleLowerCase() ===
        entityRef.toLocaleLowerCase(),
    );
    return applyCatalogConditions(decision.conditions, entity)
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY;
  }

  /** What the permission backend does: asks the resource's plugin. */
  private async applyOverHttp(
    decision: ConditionalPolicyDecision,
    resourceRef: string,
  ): Promise<AuthorizeResult.ALLOW | AuthorizeResult.DENY> {
    const { discovery, auth } = this.deps;
    const baseUrl = await discovery.getBaseUrl(decision.pluginId);
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: decision.pluginId,
    });
    const response = await fetch(
      `${baseUrl}/.well-known/backstage/permissions/apply-conditions`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          items: [
            {
              id: '1',
              resourceRef,
              resourceType: decision.resourceType,
              conditions: decision.conditions,
            },
          ],
        }),
      },
    );
    if (!response.ok) {
      throw new Error(
        `apply-conditions answered ${
          response.status
        }: ${await response.text()}`,
      );
    }
    const { items } = (await response.json()) as {
      items: Array<{ result: AuthorizeResult.ALLOW | AuthorizeResult.DENY }>;
    };
    return items[0].result;
  }
}

/**
 * The permissions service of the portal's policy, for startTestBackend,
 * and every decision it gave.
 */
export function portalPolicyPermissions(options: {
  entities: Entity[];
  ownershipOf(userEntityRef: string): string[];
}) {
  const decisions: RecordedDecision[] = [];
  const factory = createServiceFactory({
    service: coreServices.permissions,
    deps: { discovery: coreServices.discovery, auth: coreServices.auth },
    factory: ({ discovery, auth }) =>
      new PortalPolicyPermissions({ discovery, auth, decisions, ...options }),
  });
  return { factory, decisions };
}
