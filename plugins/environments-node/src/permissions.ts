import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  ENVIRONMENT_TIERS,
  EnvironmentTier,
  RESOURCE_TYPE_ENVIRONMENT,
} from '@internal/plugin-environments-common';
import { z } from 'zod';

/**
 * An environment as the permission framework sees it: a catalog environment
 * or a preview, by its name.
 */
export interface EnvironmentPermissionResource {
  /** The environment's name (lowercase), the permission's resourceRef. */
  name: string;
  /** The owner group's ref (lowercase); empty when the entity names none. */
  owner: string;
  tier: EnvironmentTier;
}

/** Environments are decided on one by one; rules have no query form. */
export type EnvironmentFilter = never;

/** Environments as the permission framework sees them. */
export const environmentPermissionResourceRef = createPermissionResourceRef<
  EnvironmentPermissionResource,
  EnvironmentFilter
>().with({ pluginId: 'environments', resourceType: RESOURCE_TYPE_ENVIRONMENT });

const lowercase = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * Allows environments whose owner group is among the claims, e.g. the
 * user's ownership refs: the members of an environment's owner group.
 */
export const isEnvironmentOwner = createPermissionRule({
  name: 'IS_ENVIRONMENT_OWNER',
  description: 'Allow environments owned by one of the given groups',
  resourceRef: environmentPermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Entity refs, e.g. the ownership refs of the user'),
  }),
  apply: (environment, { claims }) =>
    environment.owner !== '' &&
    claims.some(claim => lowercase(claim) === environment.owner),
  toQuery: () => {
    throw new Error(
      'IS_ENVIRONMENT_OWNER applies to one environment at a time',
    );
  },
});

/** Allows environments of one of the given tiers. */
export const hasEnvironmentTier = createPermissionRule({
  name: 'HAS_ENVIRONMENT_TIER',
  description: 'Allow environments of one of the given tiers',
  resourceRef: environmentPermissionResourceRef,
  paramsSchema: z.object({
    tiers: z
      .array(
        z.enum(ENVIRONMENT_TIERS as [EnvironmentTier, ...EnvironmentTier[]]),
      )
      .describe('Environment tiers, e.g. production'),
  }),
  apply: (environment, { tiers }) => tiers.includes(environment.tier),
  toQuery: () => {
    throw new Error(
      'HAS_ENVIRONMENT_TIER applies to one environment at a time',
    );
  },
});

export const environmentRules = { isEnvironmentOwner, hasEnvironmentTier };

/**
 * For permission policies: `environmentConditions.isEnvironmentOwner({ claims })`,
 * `environmentConditions.hasEnvironmentTier({ tiers })` and
 * `createEnvironmentConditionalDecision(permission, condition)`.
 */
export const {
  conditions: environmentConditions,
  createConditionalDecision: createEnvironmentConditionalDecision,
} = createConditionExports({
  resourceRef: environmentPermissionResourceRef,
  rules: environmentRules,
});
