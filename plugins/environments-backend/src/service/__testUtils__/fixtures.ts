import { Entity } from '@backstage/catalog-model';
import { randomBytes } from 'node:crypto';

/*
 * The catalog and the people the router tests run against. Nobody is an
 * administrator unless named so: the portal's policy lets the platform team
 * do anything, so authorization is tested as members of other teams.
 */

export const LEARNING_TEAM = 'group:default/learning-team';
export const PAYMENTS_TEAM = 'group:default/payments-team';
export const PLATFORM_TEAM = 'group:default/platform-team';
/** A group Lena is a member of that owns no service. */
export const SEARCH_GUILD = 'group:default/search-guild';

export const COURSE_SERVICE = 'component:default/course-service';
export const QUIZ_SERVICE = 'component:default/quiz-service';
export const PIPELINE_ENGINE = 'component:default/pipeline-engine';
/** A service owned by a person, not a team. */
export const LENAS_SCRATCH = 'component:default/lenas-scratch';

export const SECRET = 'pa55-w0rd-that-must-never-leak';
export const SECRETS_KEY = randomBytes(32).toString('base64');

export interface TestUser {
  ref: string;
  /** What the user info service answers: the user and their groups. */
  ownershipEntityRefs: string[];
}

function user(name: string, ...groups: string[]): TestUser {
  const ref = `user:default/${name}`;
  return { ref, ownershipEntityRefs: [ref, ...groups] };
}

export const users = {
  /** Learning team (owns course-service and quiz-service) and search guild. */
  lena: user('lena.learning', LEARNING_TEAM, SEARCH_GUILD),
  /** Payments team (owns pipeline-engine): another team than Lena's. */
  paul: user('paul.payments', PAYMENTS_TEAM),
  /** Platform team: an administrator under the portal's policy. */
  ada: user('ada.admin', PLATFORM_TEAM),
};

/** The users' ownership refs by user ref, for the user info service. */
export const ownershipByUser = new Map(
  Object.values(users).map(u => [u.ref, u.ownershipEntityRefs]),
);

export function environmentEntity(
  name: string,
  options: {
    namespace?: string;
    owner?: string;
    tier?: string;
  } = {},
): Entity {
  const { namespace = 'default', owner = 'platform-team', tier } = options;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace,
      annotations: tier ? { 'environments.portal/tier': tier } : {},
    },
    spec: { type: 'environment', owner },
  };
}

export function component(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

export function group(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
}

export const entities: Entity[] = [
  // The platform's environments.
  environmentEntity('development', { tier: 'development' }),
  environmentEntity('staging', { tier: 'staging' }),
  environmentEntity('production', { tier: 'production' }),
  // Environments of teams that are not administrators.
  environmentEntity('learning-qa', { tier: 'staging', owner: 'learning-team' }),
  // Production tier, owned by a non-admin team: the tier rule applies.
  environmentEntity('learning-prod', {
    tier: 'production',
    owner: 'learning-team',
  }),
  environmentEntity('payments-qa', { tier: 'staging', owner: 'payments-team' }),
  // A team's Resource named like the platform's staging, in its own
  // namespace: it must not shadow staging.
  environmentEntity('staging', {
    namespace: 'learning',
    owner: 'group:default/learning-team',
  }),
  // Only in another namespace: no environment at all.
  environmentEntity('learning-sandbox', {
    namespace: 'learning',
    owner: 'group:default/learning-team',
  }),
  // Registered by the payments team after the learning team's preview of
  // the same name was created (the tests insert that preview directly).
  environmentEntity('pr-taken', {
    tier: 'development',
    owner: 'payments-team',
  }),
  component('course-service', LEARNING_TEAM),
  component('quiz-service', LEARNING_TEAM),
  component('pipeline-engine', PAYMENTS_TEAM),
  component('lenas-scratch', users.lena.ref),
  group('learning-team'),
  group('payments-team'),
  group('platform-team'),
  group('search-guild'),
];
