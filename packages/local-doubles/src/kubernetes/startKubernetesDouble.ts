import express, { NextFunction, Request, Response } from 'express';
import { listen, RunningDouble } from '../http/listen';
import { DemoWorld, DemoWorldError } from '../world/createDemoWorld';
import {
  parseFieldSelector,
  parseLabelSelector,
  SelectorParseError,
} from '../world/selectors';
import {
  ApiResource,
  apiGroups,
  discoveryResources,
  findResource,
  groupVersionOf,
} from './apiResources';

export interface KubernetesDoubleOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  world: DemoWorld;
  /** The bearer token clients must send (a service-account token in real life). */
  token: string;
}

/** Version reported by /version: the Kubernetes release the double imitates. */
const SERVER_VERSION = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.4',
  // No real build: the commit is left blank rather than invented.
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2024-12-10T21:24:47Z',
  goVersion: 'go1.22.9',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** A `metav1.Status` failure, the body of every error the API server returns. */
function statusBody(
  code: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>,
) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details && { details }),
    code,
  };
}

function sendStatus(
  res: Response,
  code: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>,
) {
  res.status(code).json(statusBody(code, reason, message, details));
}

const notFoundPath = (res: Response) =>
  sendStatus(
    res,
    404,
    'NotFound',
    'the server could not find the requested resource',
    {},
  );

const methodNotAllowed = (res: Response) =>
  sendStatus(
    res,
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
    {},
  );

function objectNotFound(res: Response, resource: ApiResource, name: string) {
  const qualified = resource.group
    ? `${resource.plural}.${resource.group}`
    : resource.plural;
  sendStatus(res, 404, 'NotFound', `${qualified} "${name}" not found`, {
    name,
    ...(resource.group && { group: resource.group }),
    kind: resource.plural,
  });
}

/** Kubernetes' query-string booleans: present and not "false"/"0" means true. */
function queryFlag(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  return !['false', '0'].includes(value.toLowerCase());
}

function queryString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

interface ResourcePath {
  resource: ApiResource;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/**
 * Splits /api/v1/... and /apis/{group}/{version}/... into resource,
 * namespace, name and subresource, as the API server's request info does.
 */
function parseResourcePath(path: string): ResourcePath | undefined {
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api') {
    [group, version, rest] = ['', segments[1], segments.slice(2)];
  } else if (segments[0] === 'apis') {
    [group, version, rest] = [segments[1], segments[2], segments.slice(3)];
  } else {
    return undefined;
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, subresource, ...extra] = rest;
  const resource = plural ? findResource(group, version, plural) : undefined;
  if (!resource || extra.length > 0) return undefined;
  if (namespace !== undefined && !resource.namespaced) return undefined;
  return { resource, namespace, name, subresource };
}

function requireBearerToken(token: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match || match[1].trim() !== token) {
      sendStatus(res, 401, 'Unauthorized', 'Unauthorized');
      return;
    }
    next();
  };
}

function createKubernetesApi(world: DemoWorld, token: string) {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  // The API server's health endpoints are readable without credentials
  // (system:public-info-viewer), so they come before the token check.
  for (const path of ['/healthz', '/livez', '/readyz']) {
    app.get(path, (_req, res) => {
      res.type('text/plain').send('ok');
    });
  }
  app.use(requireBearerToken(token));

  app.get('/version', (_req, res) => {
    res.json(SERVER_VERSION);
  });

  app.get('/api', (req, res) => {
    res.json({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [
        {
          clientCIDR: '0.0.0.0/0',
          serverAddress: `${req.socket.localAddress}:${req.socket.localPort}`,
        },
      ],
    });
  });

  app.get('/api/v1', (_req, res) => {
    // The core group's list is the one discovery document without apiVersion.
    res.json({
      kind: 'APIResourceList',
      groupVersion: 'v1',
      resources: discoveryResources('', 'v1'),
    });
  });

  app.get('/apis', (_req, res) => {
    res.json({ kind: 'APIGroupList', apiVersion: 'v1', groups: apiGroups() });
  });

  app.get('/apis/:group', (req, res) => {
    const group = apiGroups().find(g => g.name === req.params.group);
    if (!group) {
      notFoundPath(res);
      return;
    }
    res.json({ kind: 'APIGroup', apiVersion: 'v1', ...group });
  });

  app.get('/apis/:group/:version', (req, res) => {
    const { group, version } = req.params;
    const resources = discoveryResources(group, version);
    if (resources.length === 0) {
      notFoundPath(res);
      return;
    }
    res.json({
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: `${group}/${version}`,
      resources,
    });
  });

  app.use((req, res) => {
    const target = parseResourcePath(req.path);
    if (!target) {
      notFoundPath(res);
      return;
    }
    const { resource, namespace, name, subresource } = target;

    if (subresource !== undefined) {
      if (
        resource.kind === 'Pod' &&
        subresource === 'log' &&
        namespace &&
        name
      ) {
        if (req.method !== 'GET') {
          methodNotAllowed(res);
          return;
        }
        servePodLog(req, res, namespace, name);
        return;
      }
      notFoundPath(res);
      return;
    }

    if (
      req.method === 'DELETE' &&
      resource.kind === 'Pod' &&
      namespace &&
      name
    ) {
      try {
        res.json(world.deletePod(namespace, name));
      } catch (error) {
        if (error instanceof DemoWorldError && error.reason === 'NotFound') {
          objectNotFound(res, resource, name);
          return;
        }
        throw error;
      }
      return;
    }
    if (req.method !== 'GET') {
      methodNotAllowed(res);
      return;
    }

    // A cluster-scoped object is addressed as /{plural}/{name}.
    const objects = world.listKubernetesObjects(
      resource.kind,
      resource.namespaced ? namespace : undefined,
    );
    if (name !== undefined) {
      const object = objects.find(o => o.metadata?.name === name);
      if (!object) {
        objectNotFound(res, resource, name);
        return;
      }
      res.json(object);
      return;
    }

    let matchesLabels;
    let matchesFields;
    try {
      matchesLabels = parseLabelSelector(queryString(req.query.labelSelector));
      matchesFields = parseFieldSelector(queryString(req.query.fieldSelector));
    } catch (error) {
      if (error instanceof SelectorParseError) {
        sendStatus(res, 400, 'BadRequest', error.message);
        return;
      }
      throw error;
    }
    const items = objects
      .filter(o => matchesLabels(o.metadata?.labels) && matchesFields(o))
      .map(o => {
        if (resource.customResource) return o;
        const { apiVersion: _apiVersion, kind: _kind, ...item } = o;
        return item;
      });
    res.json({
      kind: `${resource.kind}List`,
      apiVersion: groupVersionOf(resource),
      metadata: { resourceVersion: world.resourceVersion() },
      items,
    });
  });

  function servePodLog(
    req: Request,
    res: Response,
    namespace: string,
    podName: string,
  ) {
    const tailLines = queryString(req.query.tailLines);
    if (tailLines !== undefined && !/^\d+$/.test(tailLines)) {
      sendStatus(
        res,
        400,
        'BadRequest',
        `tailLines: Invalid value: "${tailLines}": must be a non-negative integer`,
      );
      return;
    }
    try {
      const text = world.getPodLogs(namespace, podName, {
        container: queryString(req.query.container) || undefined,
        previous: queryFlag(req.query.previous),
        timestamps: queryFlag(req.query.timestamps),
        tailLines: tailLines === undefined ? undefined : Number(tailLines),
      });
      res.type('text/plain').send(text);
    } catch (error) {
      if (!(error instanceof DemoWorldError)) throw error;
      if (error.reason === 'NotFound') {
        objectNotFound(res, findResource('', 'v1', 'pods')!, podName);
      } else {
        sendStatus(res, 400, 'BadRequest', error.message);
      }
    }
  }

  // Unexpected failures still answer in the API server's error shape.
  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    sendStatus(
      res,
      500,
      'InternalError',
      `Internal error occurred: ${error.message}`,
    );
  });

  return app;
}

/**
 * Starts the Kubernetes API double: a read-mostly Kubernetes API server
 * serving the demo world's workloads, for the Backstage Kubernetes plugin.
 */
export async function startKubernetesDouble(
  options: KubernetesDoubleOptions,
): Promise<RunningDouble> {
  const app = createKubernetesApi(options.world, options.token);
  return listen(app, options.port, options.host ?? '127.0.0.1');
}
