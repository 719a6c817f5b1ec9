import { ConfigReader } from '@backstage/config';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { BackstageUserInfo } from '@backstage/backend-plugin-api';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
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
} from '@internal/plugin-environments-common';
import {
  EnvironmentPermissionResource,
  environmentRules,
} from '@internal/plugin-environments-node';
import {
  createConditionAuthorizer,
  PolicyQuery,
} from '@backstage/plugin-permission-node';
import { courseManagePermission } from '@internal/plugin-courses-common';
import { prometheusQueryPermission } from '@internal/plugin-prometheus-common';
import { PortalPermissionPolicy } from './PortalPermissionPolicy';

const developer: BackstageUserInfo = {
  userEntityRef: 'user:default/jane.doe',
  ownershipEntityRefs: ['user:default/jane.doe', 'group:default/learning-team'],
};
const platformEngineer: BackstageUserInfo = {
  userEntityRef: 'user:default/guest',
  ownershipEntityRefs: ['user:default/guest', 'group:default/platform-team'],
};

/** The decision that defers to the catalog: allowed where `user` owns the entity. */
function onlyIfOwnedBy(user: BackstageUserInfo) {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    resourceType: 'catalog-entity',
    conditions: {
      rule: 'IS_ENTITY_OWNER',
      resourceType: 'catalog-entity',
      params: { claims: user.ownershipEntityRefs },
    },
  };
}

function policyFor(
  info: BackstageUserInfo,
  config: object = {},
): PortalPermissionPolicy {
  return PortalPermissionPolicy.fromConfig(new ConfigReader(config), {
    userInfo: mockServices.userInfo(info),
  });
}

function asUser(info: BackstageUserInfo) {
  const credentials = mockCredentials.user(info.userEntityRef);
  return { credentials, info };
}

describe('PortalPermissionPolicy', () => {
  it('lets signed-in users read, refresh and register entities', async () => {
    const policy = policyFor(developer);
    for (const permission of [
      catalogEntityReadPermission,
      catalogEntityRefreshPermission,
      catalogLocationCreatePermission,
    ]) {
      await expect(
        policy.handle({ permission }, asUser(developer)),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    }
  });

  it('lets owners delete only the entities they own', async () => {
    const decision = await policyFor(developer).handle(
      { permission: catalogEntityDeletePermission },
      asUser(developer),
    );
    expect(decision).toEqual(onlyIfOwnedBy(developer));
  });

  it('lets owners record deployments only of the entities they own', async () => {
    const decision = await policyFor(developer).handle(
      { permission: deploymentCreatePermission },
      asUser(developer),
    );
    expect(decision).toEqual(onlyIfOwnedBy(developer));
  });

  it('lets owners promote their own services, and only admins promote to production or lock', async () => {
    await expect(
      policyFor(developer).handle(
        { permission: environmentPromotePermission },
        asUser(developer),
      ),
    ).resolves.toEqual(onlyIfOwnedBy(developer));
    for (const permission of [
      environmentPromoteProductionPermission,
      environmentPromoteOverridePermission,
      environmentLockPermission,
    ]) {
      await expect(
        policyFor(developer).handle({ permission }, asUser(developer)),
      ).resolves.toEqual({ result: AuthorizeResult.DENY });
      await expect(
        policyFor(platformEngineer).handle(
          { permission },
          asUser(platformEngineer),
        ),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    }
  });

  describe('environments', () => {
    const isAllowed = createConditionAuthorizer(
      Object.values(environmentRules),
    );
    const environment = (
      overrides: Partial<EnvironmentPermissionResource> = {},
    ): EnvironmentPermissionResource => ({
      name: 'learning-qa',
      owner: 'group:default/learning-team',
      tier: 'staging',
      ...overrides,
    });
    /** A member of another team than learning-team, not an admin. */
    const otherTeam: BackstageUserInfo = {
      userEntityRef: 'user:default/paul',
      ownershipEntityRefs: ['user:default/paul', 'group:default/payments-team'],
    };

    /** Whether `user` may act on `resource`: the decision, applied. */
    async function mayOn(
      user: BackstageUserInfo,
      query: PolicyQuery,
      resource: EnvironmentPermissionResource,
    ) {
      const decision = await policyFor(user).handle(query, asUser(user));
      if (decision.result === AuthorizeResult.CONDITIONAL) {
        expect(decision).toMatchObject({
          pluginId: 'environments',
          resourceType: 'environment',
        });
      }
      return isAllowed(decision, resource);
    }

    it('lets owners of a service create previews of it, and admins of any', async () => {
      await expect(
        policyFor(developer).handle(
          { permission: environmentCreatePermission },
          asUser(developer),
        ),
      ).resolves.toEqual(onlyIfOwnedBy(developer));
      await expect(
        policyFor(platformEngineer).handle(
          { permission: environmentCreatePermission },
          asUser(platformEngineer),
        ),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    });

    it.each([environmentExtendPermission, environmentDeletePermission])(
      'lets the owners of an environment, and admins, $name it',
      async permission => {
        await expect(
          policyFor(developer).handle({ permission }, asUser(developer)),
        ).resolves.toEqual({
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'environments',
          resourceType: 'environment',
          conditions: {
            rule: 'IS_ENVIRONMENT_OWNER',
            resourceType: 'environment',
            params: { claims: developer.ownershipEntityRefs },
          },
        });
        const preview = environment({ name: 'pr-1', tier: 'preview' });
        expect(await mayOn(developer, { permission }, preview)).toBe(true);
        expect(await mayOn(otherTeam, { permission }, preview)).toBe(false);
        expect(await mayOn(platformEngineer, { permission }, preview)).toBe(
          true,
        );
      },
    );

    it('lets the owners of an environment change its config, but not of a production-tier one', async () => {
      const permission = environmentConfigWritePermission;

      expect(await mayOn(developer, { permission }, environment())).toBe(true);
      expect(
        await mayOn(
          developer,
          { permission },
          environment({ tier: 'preview' }),
        ),
      ).toBe(true);
      // Owners, but production tier.
      expect(
        await mayOn(
          developer,
          { permission },
          environment({ name: 'learning-prod', tier: 'production' }),
        ),
      ).toBe(false);
      expect(await mayOn(otherTeam, { permission }, environment())).toBe(false);
      // An environment whose entity names no owner is nobody's.
      expect(
        await mayOn(developer, { permission }, environment({ owner: '' })),
      ).toBe(false);
    });

    it('lets admins change the config of any environment, production too', async () => {
      const production = environment({
        name: 'production',
        owner: 'group:default/platform-team',
        tier: 'production',
      });
      await expect(
        policyFor(platformEngineer).handle(
          { permission: environmentConfigWritePermission },
          asUser(platformEngineer),
        ),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
      expect(
        await mayOn(
          platformEngineer,
          { permission: environmentConfigWritePermission },
          environment({ owner: 'group:default/payments-team' }),
        ),
      ).toBe(true);
      expect(
        await mayOn(
          developer,
          { permission: environmentConfigWritePermission },
          production,
        ),
      ).toBe(false);
    });
  });

  it("lets members of a course's owner group manage it, and admins any course", async () => {
    await expect(
      policyFor(developer).handle(
        { permission: courseManagePermission },
        asUser(developer),
      ),
    ).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'courses',
      resourceType: 'course',
      conditions: {
        rule: 'IS_COURSE_OWNER',
        resourceType: 'course',
        params: { claims: developer.ownershipEntityRefs },
      },
    });
    await expect(
      policyFor(platformEngineer).handle(
        { permission: courseManagePermission },
        asUser(platformEngineer),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('keeps raw PromQL queries for admins', async () => {
    await expect(
      policyFor(developer).handle(
        { permission: prometheusQueryPermission },
        asUser(developer),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(
      policyFor(platformEngineer).handle(
        { permission: prometheusQueryPermission },
        asUser(platformEngineer),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('keeps location unregistration for the platform team', async () => {
    await expect(
      policyFor(developer).handle(
        { permission: catalogLocationDeletePermission },
        asUser(developer),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(
      policyFor(platformEngineer).handle(
        { permission: catalogLocationDeletePermission },
        asUser(platformEngineer),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets the platform team delete any entity without conditions', async () => {
    await expect(
      policyFor(platformEngineer).handle(
        { permission: catalogEntityDeletePermission },
        asUser(platformEngineer),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('takes the admin groups from config', async () => {
    const config = {
      permission: { portal: { adminGroups: ['group:default/learning-team'] } },
    };
    await expect(
      policyFor(developer, config).handle(
        { permission: catalogLocationDeletePermission },
        asUser(developer),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      policyFor(platformEngineer, config).handle(
        { permission: catalogLocationDeletePermission },
        asUser(platformEngineer),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('denies requests that carry no user', async () => {
    const permission = createPermission({
      name: 'catalog.entity.read.anonymous-probe',
      attributes: { action: 'read' },
    });
    await expect(policyFor(developer).handle({ permission })).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });
});
