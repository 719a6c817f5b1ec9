import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  ActionContext,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { JsonObject, JsonValue } from '@backstage/types';

/** The user the test tasks run as. */
export const INITIATOR = 'user:default/jane.doe';

/**
 * A logger that keeps every line it is given (messages and metadata, of
 * its children too) as text, so that tests can search all of it.
 */
function recordingLogger(
  lines: string[],
  fields: JsonObject = {},
): LoggerService {
  const record =
    (level: string) => (message: string, meta?: Error | JsonObject) => {
      lines.push(
        JSON.stringify({ level, message, ...fields, meta }, (_key, value) =>
          value instanceof Error
            ? { name: value.name, message: value.message, stack: value.stack }
            : value,
        ),
      );
    };
  return {
    error: record('error'),
    warn: record('warn'),
    info: record('info'),
    debug: record('debug'),
    child: meta => recordingLogger(lines, { ...fields, ...meta }),
  };
}

/**
 * The context the scaffolder hands an action, reduced to what these actions
 * use. (`@backstage/plugin-scaffolder-node-test-utils`, whose
 * `createMockActionContext` would do this, is not installed in this repo.)
 */
export function createActionContext<
  TInput extends JsonObject,
  TOutput extends JsonObject,
>(
  _action: TemplateAction<TInput, TOutput>,
  input: TInput,
  options: {
    isDryRun?: boolean;
    credentials?: BackstageCredentials;
    /** Checkpoints a previous run of the task completed, by key. */
    checkpoints?: Record<string, JsonValue>;
  } = {},
) {
  const logs: string[] = [];
  const outputs: Partial<TOutput> = {};
  const checkpoints: Record<string, JsonValue> = { ...options.checkpoints };
  const ctx: ActionContext<TInput, TOutput> = {
    input,
    logger: recordingLogger(logs),
    secrets: {},
    workspacePath: '/nonexistent/workspace',
    task: { id: 'task-1' },
    isDryRun: options.isDryRun ?? false,
    user: { ref: INITIATOR },
    async checkpoint({ key, fn }) {
      if (!(key in checkpoints)) {
        checkpoints[key] = (await fn()) ?? {};
      }
      return checkpoints[key] as any;
    },
    output(name, value) {
      outputs[name] = value;
    },
    async createTemporaryDirectory() {
      throw new Error('These actions need no temporary directory');
    },
    async getInitiatorCredentials() {
      return options.credentials ?? mockCredentials.user(INITIATOR);
    },
  };
  return { ctx, outputs, logs, checkpoints };
}
