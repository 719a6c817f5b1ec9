import { CustomErrorBase } from '@backstage/errors';
import { ArgoCdInstance } from './config';
import { ArgoCdApplication } from './types';

/** A request to an ArgoCD instance failed; the message names the instance and what was asked. */
export class ArgoCdRequestError extends CustomErrorBase {
  name = 'ArgoCdRequestError' as const;
}

/**
 * The instance refused the portal's credentials. Every further request to it
 * would fail the same way, so callers stop using the instance for a while.
 */
export class ArgoCdAuthenticationError extends CustomErrorBase {
  name = 'ArgoCdAuthenticationError' as const;
}

const DEFAULT_TIMEOUT_MS = 10_000;

type Method = 'GET' | 'POST' | 'DELETE';

/**
 * The calls of the ArgoCD REST API the portal makes, for one instance:
 * reading applications (deployments, drift), syncing one to a revision
 * (promotions) and deleting one (preview teardown). With a username and
 * password it logs in (`POST /api/v1/session`) on first use, shares that
 * session between concurrent calls, and logs in again once when the session
 * is refused (it expired or was revoked).
 */
export class ArgoCdClient {
  private readonly timeoutMs: number;
  private session?: Promise<string>;

  constructor(
    readonly instance: ArgoCdInstance,
    options: { timeoutMs?: number } = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /**
   * The application, or undefined when this instance has none of that name
   * that the portal may see.
   */
  async getApplication(name: string): Promise<ArgoCdApplication | undefined> {
    const response = await this.request(
      'GET',
      `/api/v1/applications/${encodeURIComponent(name)}`,
      `reading application "${name}"`,
      { allowMissing: true },
    );
    if (isMissing(response)) {
      await response.body?.cancel();
      return undefined;
    }
    return (await response.json()) as ArgoCdApplication;
  }

  /** Every application the portal may see on this instance. */
  async listApplications(): Promise<ArgoCdApplication[]> {
    const response = await this.request(
      'GET',
      '/api/v1/applications',
      'listing applications',
    );
    const body = (await response.json()) as { items?: ArgoCdApplication[] };
    return body.items ?? [];
  }

  /** Starts a sync of the application to a git revision. */
  async syncApplication(name: string, revision: string): Promise<void> {
    const response = await this.request(
      'POST',
      `/api/v1/applications/${encodeURIComponent(name)}/sync`,
      `syncing application "${name}" to ${revision}`,
      { body: { revision, prune: false } },
    );
    await response.body?.cancel();
  }

  /**
   * Deletes the application and, by cascade, its workloads. Returns false
   * when there was no such application (deleting twice is not an error).
   */
  async deleteApplication(name: string): Promise<boolean> {
    const response = await this.request(
      'DELETE',
      `/api/v1/applications/${encodeURIComponent(name)}?cascade=true`,
      `deleting application "${name}"`,
      { allowMissing: true },
    );
    await response.body?.cancel();
    return !isMissing(response);
  }

  private async request(
    method: Method,
    path: string,
    action: string,
    options: { body?: unknown; allowMissing?: boolean } = {},
  ): Promise<Response> {
    const send = async (token: string) =>
      this.fetch(path, action, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(options.body !== undefined && {
            'Content-Type': 'application/json',
          }),
        },
        ...(options.body !== undefined && {
          body: JSON.stringify(options.body),
        }),
      });

    const session = this.token();
    let response = await send(await session);
    if (response.status === 401 && !('token' in this.instance.credentials)) {
      await response.body?.cancel();
      // Only the first caller to see the refusal drops the shared session.
      if (this.session === session) this.session = undefined;
      response = await send(await this.token());
    }
    if (response.status === 401) {
      throw new ArgoCdAuthenticationError(
        await this.describeFailure(response, action),
      );
    }
    if (!response.ok && !(options.allowMissing && isMissing(response))) {
      throw new ArgoCdRequestError(
        await this.describeFailure(response, action),
      );
    }
    return response;
  }

  private token(): Promise<string> {
    const { credentials } = this.instance;
    if ('token' in credentials) return Promise.resolve(credentials.token);
    if (!this.session) {
      const login = this.login(credentials);
      // A failed login is not cached: the next call tries again.
      login.catch(() => {
        if (this.session === login) this.session = undefined;
      });
      this.session = login;
    }
    return this.session;
  }

  private async login(credentials: {
    username: string;
    password: string;
  }): Promise<string> {
    const action = `logging in as "${credentials.username}"`;
    const response = await this.fetch('/api/v1/session', action, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(credentials),
    });
    if (!response.ok) {
      const message = await this.describeFailure(response, action);
      throw response.status === 401 || response.status === 403
        ? new ArgoCdAuthenticationError(message)
        : new ArgoCdRequestError(message);
    }
    const { token } = (await response.json()) as { token?: string };
    if (!token) {
      throw new ArgoCdRequestError(
        `ArgoCD instance "${this.instance.name}" returned no token when ${action}`,
      );
    }
    return token;
  }

  private async fetch(
    path: string,
    action: string,
    init: RequestInit,
  ): Promise<Response> {
    try {
      return await fetch(`${this.instance.url}${path}`, {
        ...init,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new ArgoCdRequestError(
        `ArgoCD instance "${this.instance.name}" (${this.instance.url}) could not be reached when ${action}`,
        error,
      );
    }
  }

  /** ArgoCD answers errors with `{ error, code, message }`; keep its message. */
  private async describeFailure(
    response: Response,
    action: string,
  ): Promise<string> {
    const body = await response.text().catch(() => '');
    let detail = body.slice(0, 500);
    try {
      detail = (JSON.parse(body) as { message?: string }).message ?? detail;
    } catch {
      // not JSON: keep the raw text
    }
    return `ArgoCD instance "${this.instance.name}" answered ${
      response.status
    } ${response.statusText} when ${action}${detail ? `: ${detail}` : ''}`;
  }
}

/**
 * Asked for an application without its project, argocd-server answers 403
 * rather than 404 for a missing one, so as not to reveal whether it exists;
 * both mean "not here".
 */
function isMissing(response: Response): boolean {
  return response.status === 404 || response.status === 403;
}
