import { RootConfigService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  MAX_PREVIEW_TTL,
  MIN_PREVIEW_TTL,
} from '@internal/plugin-environments-common';
import { DateTime, Duration } from 'luxon';
import {
  describeApiError,
  EnvironmentsApiDeps,
  environmentsApiFor,
} from '../client';

export const CREATE_PREVIEW_ACTION_ID = 'environments:create-preview';

/** How long a preview lives unless the template says otherwise. */
export const DEFAULT_PREVIEW_TTL = 'PT72H';

/** A DNS label, as the environments API requires of a preview's name. */
const PREVIEW_NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * `environments:create-preview`: creates a preview environment of a service
 * with a time to live through the environments API, as the user who runs
 * the template: the environments backend lets only the service's owners
 * (and admins) create previews of it, and the preview belongs to the
 * service's owner unless the template names another group of the user's.
 */
export function createPreviewEnvironmentAction(
  options: EnvironmentsApiDeps & { config: RootConfigService },
) {
  const appBaseUrl = options.config.getString('app.baseUrl');

  return createTemplateAction({
    id: CREATE_PREVIEW_ACTION_ID,
    description:
      'Creates a preview environment that the environment manager tears down once its time to live is over.',
    examples: [
      {
        description: 'A preview of a service for three days',
        example: [
          'steps:',
          '  - id: preview',
          '    action: environments:create-preview',
          '    input:',
          '      name: preview-course-service-pr-42',
          '      service: component:default/course-service',
          '      ttl: PT72H',
        ].join('\n'),
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .regex(PREVIEW_NAME_PATTERN)
            .describe(
              'The name of the preview: a DNS label (lowercase letters, digits and "-", at most 63 characters) that no environment has yet',
            ),
        service: z =>
          z
            .string()
            .min(1)
            .describe(
              'The service the preview is of, e.g. component:default/course-service; the user running the template must be allowed to create previews of it (its owners are)',
            ),
        owner: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              "The group that owns the preview, e.g. group:default/learning-team; defaults to the service's owner, and otherwise must be a group the user is a member of",
            ),
        ttl: z =>
          z
            .string()
            .optional()
            .describe(
              `How long the preview lives, an ISO 8601 duration between ${MIN_PREVIEW_TTL} and ${MAX_PREVIEW_TTL}. Defaults to ${DEFAULT_PREVIEW_TTL}`,
            ),
        title: z =>
          z
            .string()
            .optional()
            .describe(
              'A title for the preview; defaults to one naming the service',
            ),
      },
      output: {
        name: z => z.string().describe('The name of the preview'),
        expiresAt: z =>
          z
            .string()
            .describe('When the preview is torn down, an ISO 8601 timestamp'),
        url: z =>
          z.string().describe("The preview's page in the developer portal"),
      },
    },
    async handler(ctx) {
      const { name, owner, service } = ctx.input;
      const ttl = ctx.input.ttl ?? DEFAULT_PREVIEW_TTL;
      const lifetime = parsePreviewTtl(ttl);
      const title = ctx.input.title ?? defaultTitle(service);
      const ownedBy = owner ?? `the owner of ${service}`;
      const pageOf = (environment: string) =>
        `${appBaseUrl}/environments/${encodeURIComponent(environment)}`;

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create preview environment ${name} of ${service} owned by ${ownedBy}, living ${ttl}`,
        );
        ctx.output('name', name);
        ctx.output('expiresAt', DateTime.utc().plus(lifetime).toISO()!);
        ctx.output('url', pageOf(name));
        return;
      }

      // The initiator's credentials, never the scaffolder's own: the
      // environments backend must decide as whoever runs the template.
      const api = environmentsApiFor(
        options,
        await ctx.getInitiatorCredentials(),
      );
      // A checkpoint, so that a task resumed after a restart does not try
      // to create the preview a second time (and fail on the name).
      const created = await ctx.checkpoint({
        key: `create-preview.${name}`,
        fn: async () => {
          try {
            const environment = await api.createPreviewEnvironment({
              name,
              tier: 'preview',
              ttl,
              service,
              ...(owner && { owner }),
              title,
            });
            return {
              name: environment.name,
              owner: environment.owner,
              expiresAt: environment.expiresAt ?? null,
            };
          } catch (error) {
            throw new Error(
              `Could not create preview environment ${name}: ${describeApiError(
                error,
              )}`,
              { cause: error },
            );
          }
        },
      });

      ctx.logger.info(
        `Created preview environment ${created.name} of ${service} owned by ${
          created.owner ?? ownedBy
        }${created.expiresAt ? `, expiring at ${created.expiresAt}` : ''}`,
      );
      ctx.output('name', created.name);
      if (created.expiresAt) {
        ctx.output('expiresAt', created.expiresAt);
      }
      ctx.output('url', pageOf(created.name));
    },
  });
}

function defaultTitle(service: string): string {
  try {
    return `Preview of ${
      parseEntityRef(service, { defaultKind: 'component' }).name
    }`;
  } catch {
    throw new InputError(`Invalid service ${service}`);
  }
}

/**
 * The time to live, checked against the API's bounds here too so that a
 * dry run already refuses what the API would.
 */
function parsePreviewTtl(ttl: string): Duration {
  const lifetime = Duration.fromISO(ttl);
  if (!lifetime.isValid) {
    throw new InputError(
      `Invalid ttl ${ttl}: expected an ISO 8601 duration such as ${DEFAULT_PREVIEW_TTL}`,
    );
  }
  const millis = lifetime.toMillis();
  if (
    millis < Duration.fromISO(MIN_PREVIEW_TTL).toMillis() ||
    millis > Duration.fromISO(MAX_PREVIEW_TTL).toMillis()
  ) {
    throw new InputError(
      `Invalid ttl ${ttl}: a preview lives between ${MIN_PREVIEW_TTL} and ${MAX_PREVIEW_TTL}`,
    );
  }
  return lifetime;
}
