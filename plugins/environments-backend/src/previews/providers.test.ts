import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  createDemoWorld,
  DemoWorld,
  RunningDouble,
  startArgoCdDouble,
} from '@internal/local-doubles';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ArgoCdClient } from '@internal/argocd-client';
import { PreviewRecord } from '../database/EnvironmentStore';
import { ArgoCdPreviewProvider } from './ArgoCdPreviewProvider';
import { KubernetesPreviewProvider } from './KubernetesPreviewProvider';
import { NoopPreviewProvider } from './PreviewEnvironmentProvider';
import { previewProviderFromConfig } from './previewProviderFromConfig';

function preview(name: string): PreviewRecord {
  return {
    name,
    owner: 'group:default/learning-team',
    ttl: 'PT1H',
    status: 'active',
    expiresAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'user:default/jane.doe',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('ArgoCdPreviewProvider', () => {
  let world: DemoWorld;
  let argocd: RunningDouble;

  beforeAll(async () => {
    world = createDemoWorld({ syncDurationMs: 50 });
    argocd = await startArgoCdDouble({
      port: 0,
      world,
      username: 'admin',
      password: 'pw',
    });
  });

  afterAll(async () => {
    world.close();
    await argocd.close();
  });

  function provider(applicationName: string) {
    return new ArgoCdPreviewProvider({
      client: new ArgoCdClient({
        name: 'double',
        url: argocd.url,
        credentials: { username: 'admin', password: 'pw' },
      }),
      applicationName,
      logger: mockServices.logger.mock(),
    });
  }

  it("deletes the preview's application, and accepts that it is already gone", async () => {
    expect(world.getApplication('jobs-worker')).toBeDefined();

    await provider('jobs-{{name}}').destroy(preview('worker'));
    await provider('jobs-{{name}}').destroy(preview('worker'));

    expect(world.getApplication('jobs-worker')).toBeUndefined();
  });

  it('creates nothing: the application comes from GitOps', async () => {
    await expect(
      provider('{{name}}').create(preview('pr-9')),
    ).resolves.toBeUndefined();
  });

  it('fails when ArgoCD refuses the portal', async () => {
    const refused = new ArgoCdPreviewProvider({
      client: new ArgoCdClient({
        name: 'double',
        url: argocd.url,
        credentials: { token: 'not-a-token' },
      }),
      applicationName: '{{name}}',
      logger: mockServices.logger.mock(),
    });
    await expect(refused.destroy(preview('course-service'))).rejects.toThrow(
      /ArgoCD instance "double" answered 401/,
    );
    expect(world.getApplication('course-service')).toBeDefined();
  });
});

describe('KubernetesPreviewProvider', () => {
  // The Kubernetes double only deletes pods, so a minimal API server stands in.
  let server: Server;
  let url: string;
  const requests: Array<{
    method: string;
    path: string;
    auth?: string;
    body: string;
  }> = [];
  const namespaces = new Set<string>();

  const body = (req: IncomingMessage) =>
    new Promise<string>(resolve => {
      let text = '';
      req.on('data', chunk => (text += chunk));
      req.on('end', () => resolve(text));
    });

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const text = await body(req);
      requests.push({
        method: req.method!,
        path: req.url!,
        auth: req.headers.authorization,
        body: text,
      });
      const reply = (status: number, json: object) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (req.headers.authorization !== 'Bearer t') {
        return reply(401, { kind: 'Status', message: 'Unauthorized' });
      }
      if (req.method === 'POST' && req.url === '/api/v1/namespaces') {
        const name = JSON.parse(text).metadata.name;
        if (namespaces.has(name)) {
          return reply(409, {
            kind: 'Status',
            message: `namespaces "${name}" already exists`,
          });
        }
        namespaces.add(name);
        return reply(201, JSON.parse(text));
      }
      const match = /^\/api\/v1\/namespaces\/([^/]+)$/.exec(req.url!);
      if (req.method === 'DELETE' && match) {
        if (!namespaces.delete(match[1])) {
          return reply(404, {
            kind: 'Status',
            message: `namespaces "${match[1]}" not found`,
          });
        }
        return reply(200, { kind: 'Namespace' });
      }
      return reply(405, { kind: 'Status', message: 'MethodNotAllowed' });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise(resolve => server.close(resolve)));

  it('creates and deletes the namespace, idempotently', async () => {
    const provider = new KubernetesPreviewProvider({
      url,
      token: 't',
      namespace: 'preview-{{name}}',
    });

    await provider.create(preview('pr-1'));
    await provider.create(preview('pr-1'));
    expect([...namespaces]).toEqual(['preview-pr-1']);
    expect(JSON.parse(requests[0].body)).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'preview-pr-1',
        labels: {
          'app.kubernetes.io/managed-by': 'backstage-environments',
          'environments.portal/preview': 'pr-1',
        },
      },
    });

    await provider.destroy(preview('pr-1'));
    await provider.destroy(preview('pr-1'));
    expect([...namespaces]).toEqual([]);
  });

  it("fails with the API server's message", async () => {
    const provider = new KubernetesPreviewProvider({
      url,
      token: 'wrong',
      namespace: '{{name}}',
    });
    await expect(provider.destroy(preview('pr-1'))).rejects.toThrow(
      'Kubernetes API answered 401 when deleting pr-1: Unauthorized',
    );
  });
});

describe('previewProviderFromConfig', () => {
  const logger = mockServices.logger.mock();
  const argocd = {
    appLocatorMethods: [
      {
        type: 'config',
        instances: [{ name: 'main', url: 'http://argocd', token: 't' }],
      },
    ],
  };

  it('selects the provider by environments.previews.provider', () => {
    const select = (data: object) =>
      previewProviderFromConfig(new ConfigReader(data as any), { logger });

    expect(select({})).toBeInstanceOf(NoopPreviewProvider);
    expect(
      select({ argocd, environments: { previews: { provider: 'argocd' } } }),
    ).toBeInstanceOf(ArgoCdPreviewProvider);
    expect(
      select({
        environments: {
          previews: {
            provider: 'kubernetes',
            kubernetes: { url: 'http://k8s', token: 't' },
          },
        },
      }),
    ).toBeInstanceOf(KubernetesPreviewProvider);
  });

  it('fails at startup on a provider it cannot build', () => {
    const select = (data: object) => () =>
      previewProviderFromConfig(new ConfigReader(data as any), { logger });

    expect(
      select({ environments: { previews: { provider: 'argocd' } } }),
    ).toThrow(/configures no instance/);
    expect(
      select({
        argocd,
        environments: {
          previews: { provider: 'argocd', argocd: { instance: 'other' } },
        },
      }),
    ).toThrow(/no ArgoCD instance "other"/);
    expect(
      select({ environments: { previews: { provider: 'kubernetes' } } }),
    ).toThrow(/url/);
    expect(
      select({ environments: { previews: { provider: 'helm' } } }),
    ).toThrow(/must be argocd, kubernetes or none, not "helm"/);
  });
});
