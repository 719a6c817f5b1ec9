import { PreviewRecord } from '../database/EnvironmentStore';

/**
 * What makes a preview environment real: its workloads somewhere. The
 * environment manager calls `create` when a preview is created and
 * `destroy` when it is deleted or expires. Both must be idempotent:
 * `destroy` of something already gone succeeds, since a teardown that
 * failed half-way is retried.
 */
export interface PreviewEnvironmentProvider {
  /** For logs and audit entries, e.g. `argocd`. */
  readonly name: string;
  create(env: PreviewRecord): Promise<void>;
  destroy(env: PreviewRecord): Promise<void>;
}

/** Tracks previews without touching any infrastructure. */
export class NoopPreviewProvider implements PreviewEnvironmentProvider {
  readonly name = 'none';
  async create(): Promise<void> {}
  async destroy(): Promise<void> {}
}

/** `{{name}}` in a template becomes the preview's name. */
export function fromTemplate(template: string, env: PreviewRecord): string {
  return template.replace(/\{\{\s*name\s*\}\}/g, env.name);
}
