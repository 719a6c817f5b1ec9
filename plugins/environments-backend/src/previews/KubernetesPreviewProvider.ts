import { CustomErrorBase } from '@backstage/errors';
import { PreviewRecord } from '../database/EnvironmentStore';
import {
  fromTemplate,
  PreviewEnvironmentProvider,
} from './PreviewEnvironmentProvider';

export class KubernetesRequestError extends CustomErrorBase {
  name = 'KubernetesRequestError' as const;
}

const TIMEOUT_MS = 10_000;

/**
 * Previews as Kubernetes namespaces: `create` creates the namespace
 * (labelled with the preview's name), `destroy` deletes it, and with it
 * everything in it. Both accept that the work is already done.
 */
export class KubernetesPreviewProvider implements PreviewEnvironmentProvider {
  readonly name = 'kubernetes';

  constructor(
    private readonly options: {
      /** The API server, without a trailing slash. */
      url: string;
      token: string;
      /** `{{name}}` is the preview's name. */
      namespace: string;
    },
  ) {}

  async create(env: PreviewRecord): Promise<void> {
    const namespace = this.namespace(env);
    await this.request('POST', '/api/v1/namespaces', `creating ${namespace}`, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: {
          'app.kubernetes.io/managed-by': 'backstage-environments',
          'environments.portal/preview': env.name,
        },
      },
    });
  }

  async destroy(env: PreviewRecord): Promise<void> {
    const namespace = this.namespace(env);
    await this.request(
      'DELETE',
      `/api/v1/namespaces/${encodeURIComponent(namespace)}`,
      `deleting ${namespace}`,
    );
  }

  private namespace(env: PreviewRecord): string {
    return fromTemplate(this.options.namespace, env);
  }

  private async request(
    method: 'POST' | 'DELETE',
    path: string,
    action: string,
    body?: unknown,
  ): Promise<void> {
    let response: Response;
    try {
      response = await fetch(`${this.options.url}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${this.options.token}`,
          Accept: 'application/json',
          ...(body !== undefined && { 'Content-Type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new KubernetesRequestError(
        `Kubernetes API ${this.options.url} could not be reached when ${action}`,
        error,
      );
    }
    // Already there when creating, already gone when deleting: done.
    const done =
      (method === 'POST' && response.status === 409) ||
      (method === 'DELETE' && response.status === 404);
    if (response.ok || done) {
      await response.body?.cancel();
      return;
    }
    const text = await response.text().catch(() => '');
    let detail = text.slice(0, 500);
    try {
      detail = (JSON.parse(text) as { message?: string }).message ?? detail;
    } catch {
      // not JSON: keep the raw text
    }
    throw new KubernetesRequestError(
      `Kubernetes API answered ${response.status} when ${action}${
        detail ? `: ${detail}` : ''
      }`,
    );
  }
}
