import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  environmentConfigWritePermission,
  environmentDeletePermission,
} from '@internal/plugin-environments-common';
import {
  createEnvironmentConditionalDecision,
  environmentConditions,
  EnvironmentPermissionResource,
  environmentPermissionResourceRef,
  environmentRules,
  hasEnvironmentTier,
  isEnvironmentOwner,
} from './permissions';

const staging: EnvironmentPermissionResource = {
  name: 'staging',
  owner: 'group:default/learning-team',
  tier: 'staging',
};

describe('IS_ENVIRONMENT_OWNER', () => {
  it('allows an environment whose owner is among the claims, in any case', () => {
    expect(
      isEnvironmentOwner.apply(staging, {
        claims: ['user:default/lena', 'Group:Default/Learning-Team'],
      }),
    ).toBe(true);
  });

  it('refuses an environment owned by a group not among the claims', () => {
    expect(
      isEnvironmentOwner.apply(staging, {
        claims: ['user:default/paul', 'group:default/payments-team'],
      }),
    ).toBe(false);
    expect(isEnvironmentOwner.apply(staging, { claims: [] })).toBe(false);
  });

  it('refuses an environment without an owner, even to an empty claim', () => {
    expect(
      isEnvironmentOwner.apply({ ...staging, owner: '' }, { claims: [''] }),
    ).toBe(false);
  });

  it('has no query form', () => {
    expect(() => isEnvironmentOwner.toQuery({ claims: [] })).toThrow(
      /one environment at a time/,
    );
  });
});

describe('HAS_ENVIRONMENT_TIER', () => {
  it.each([
    ['production', ['production'], true],
    ['staging', ['production'], false],
    ['preview', ['staging', 'preview'], true],
  ] as const)(
    'for a %s environment and tiers %p is %p',
    (tier, tiers, allowed) => {
      expect(
        hasEnvironmentTier.apply({ ...staging, tier }, { tiers: [...tiers] }),
      ).toBe(allowed);
    },
  );

  it('accepts only known tiers as parameters', () => {
    const isAllowed = createConditionAuthorizer([hasEnvironmentTier]);
    const withTiers = (tiers: string[]) =>
      createEnvironmentConditionalDecision(environmentDeletePermission, {
        rule: 'HAS_ENVIRONMENT_TIER',
        resourceType: 'environment',
        params: { tiers },
      });

    expect(isAllowed(withTiers(['staging']), staging)).toBe(true);
    expect(() => isAllowed(withTiers(['prod']), staging)).toThrow(
      /Parameters to rule are invalid.*expected one of/,
    );
  });
});

describe('environment conditions', () => {
  const isAllowed = createConditionAuthorizer(Object.values(environmentRules));

  it('are decisions on the environment resource type of the environments plugin', () => {
    const decision = createEnvironmentConditionalDecision(
      environmentDeletePermission,
      environmentConditions.isEnvironmentOwner({
        claims: ['group:default/learning-team'],
      }),
    );
    expect(decision).toEqual({
      result: 'CONDITIONAL',
      pluginId: 'environments',
      resourceType: 'environment',
      conditions: {
        rule: 'IS_ENVIRONMENT_OWNER',
        resourceType: 'environment',
        params: { claims: ['group:default/learning-team'] },
      },
    });
    expect(environmentPermissionResourceRef).toMatchObject({
      pluginId: 'environments',
      resourceType: 'environment',
    });
  });

  it("combine as the portal's config rule: owners, but not of production", () => {
    const decision = createEnvironmentConditionalDecision(
      environmentConfigWritePermission,
      {
        allOf: [
          environmentConditions.isEnvironmentOwner({
            claims: ['group:default/learning-team'],
          }),
          {
            not: environmentConditions.hasEnvironmentTier({
              tiers: ['production'],
            }),
          },
        ],
      },
    );

    expect(isAllowed(decision, staging)).toBe(true);
    expect(isAllowed(decision, { ...staging, tier: 'production' })).toBe(false);
    expect(
      isAllowed(decision, { ...staging, owner: 'group:default/payments-team' }),
    ).toBe(false);
  });
});
