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

export interface LogLine {
  level: string;
  message: string;
}

function recordingLogger(lines: LogLine[]): LoggerService {
  const record = (level: string) => (message: string) => {
    lines.push({ level, message });
  };
  const logger: LoggerService = {
    error: record('error'),
    warn: record('warn'),
    info: record('info'),
    debug: record('debug'),
    child: () => logger,
  };
  return logger;
}

/**
 * The context the scaffolder hands an action, reduced to what publish:local
 * uses. (`@backstage/plugin-scaffolder-node-test-utils`, whose
 * `createMockActionContext` would do this, is not installed in this repo.)
 */
export function createActionContext<
  TInput extends JsonObject,
  TOutput extends JsonObject,
>(
  _action: TemplateAction<TInput, TOutput>,
  input: TInput,
  options: {
    workspacePath: string;
    credentials?: BackstageCredentials;
    /** Checkpoints a previous run of the task completed, by key. */
    checkpoints?: Record<string, JsonValue>;
  },
) {
  const logs: LogLine[] = [];
  const outputs: Partial<TOutput> = {};
  const checkpoints: Record<string, JsonValue> = { ...options.checkpoints };
  const ctx: ActionContext<TInput, TOutput> = {
    input,
    logger: recordingLogger(logs),
    secrets: {},
    workspacePath: options.workspacePath,
    task: { id: 'task-1' },
    isDryRun: false,
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
      throw new Error('publish:local needs no temporary directory');
    },
    async getInitiatorCredentials() {
      return options.credentials ?? mockCredentials.user(INITIATOR);
    },
  };
  return { ctx, outputs, logs, checkpoints };
}
