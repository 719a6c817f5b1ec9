import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  describeApiError,
  EnvironmentsApiDeps,
  environmentsApiFor,
} from '../client';

export const SET_CONFIG_ACTION_ID = 'environments:set-config';

/** What the environments API accepts as a configuration key. */
const CONFIG_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;

/**
 * `environments:set-config`: sets configuration entries (secret or not) of
 * an environment, one PUT per key, as the user who runs the template.
 *
 * Values never reach the task log, secret or not: only keys are logged. Pass
 * secret values from the template's `secrets` (a `ui:field: Secret`
 * parameter), which the scaffolder also keeps out of the task's stored
 * parameters and redacts from its own logs.
 */
export function createSetEnvironmentConfigAction(options: EnvironmentsApiDeps) {
  return createTemplateAction({
    id: SET_CONFIG_ACTION_ID,
    description:
      'Sets configuration entries of an environment; secret entries are encrypted at rest and never shown again.',
    examples: [
      {
        description: 'A setting and a secret of a preview',
        example: [
          'steps:',
          '  - id: config',
          '    action: environments:set-config',
          '    input:',
          "      environment: ${{ steps['preview'].output.name }}",
          '      entries:',
          '        - key: LOG_LEVEL',
          '          value: debug',
          '        - key: DATABASE_PASSWORD',
          '          value: ${{ secrets.databasePassword }}',
          '          secret: true',
        ].join('\n'),
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        environment: z =>
          z
            .string()
            .min(1)
            .max(63)
            .describe('The name of the environment, e.g. a preview'),
        entries: z =>
          z
            .array(
              z.object({
                key: z
                  .string()
                  .regex(CONFIG_KEY_PATTERN)
                  .describe(
                    'Letters, digits, "_", "." and "-", starting with a letter or "_"',
                  ),
                value: z.string().describe('The value; never logged'),
                secret: z
                  .boolean()
                  .optional()
                  .describe('Whether the value is a secret; defaults to false'),
              }),
            )
            .describe('The entries to set, in order'),
      },
      output: {
        keys: z =>
          z.array(z.string()).describe('The keys that were set, in order'),
      },
    },
    async handler(ctx) {
      const { environment, entries } = ctx.input;
      const keys = entries.map(entry => entry.key);
      const describe = (entry: { key: string; secret?: boolean }) =>
        entry.secret ? `${entry.key} (secret)` : entry.key;

      if (ctx.isDryRun) {
        for (const entry of entries) {
          ctx.logger.info(
            `Dry run: would set ${describe(entry)} of ${environment}`,
          );
        }
        ctx.output('keys', keys);
        return;
      }

      const api = environmentsApiFor(
        options,
        await ctx.getInitiatorCredentials(),
      );
      for (const { key, value, secret } of entries) {
        try {
          await api.putConfigEntry(environment, key, {
            value,
            secret: secret ?? false,
          });
        } catch (error) {
          throw new Error(
            `Could not set ${describe({
              key,
              secret,
            })} of ${environment}: ${describeApiError(error)}`,
            { cause: error },
          );
        }
        ctx.logger.info(`Set ${describe({ key, secret })} of ${environment}`);
      }
      ctx.output('keys', keys);
    },
  });
}
