import express, { NextFunction, Request, Response } from 'express';
import { ARGOCD_NAMESPACE } from '../demoPlatform';
import { listen, RunningDouble } from '../http/listen';
import {
  DemoWorld,
  DemoWorldError,
  DemoWorldErrorReason,
} from '../world/createDemoWorld';
import { parseLabelSelector, SelectorParseError } from '../world/selectors';
import { SessionIssuer } from './sessions';

export interface ArgoCdDoubleOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  world: DemoWorld;
  /** The local account `POST /api/v1/session` accepts. */
  username: string;
  password: string;
}

/**
 * gRPC status codes argocd-server answers with, and the HTTP status its
 * grpc-gateway maps each to.
 */
const GrpcCode = {
  Unknown: 2,
  InvalidArgument: 3,
  NotFound: 5,
  FailedPrecondition: 9,
  Unauthenticated: 16,
} as const;
type GrpcStatusCode = (typeof GrpcCode)[keyof typeof GrpcCode];

const HTTP_STATUS_OF: Record<GrpcStatusCode, number> = {
  [GrpcCode.Unknown]: 500,
  [GrpcCode.InvalidArgument]: 400,
  [GrpcCode.NotFound]: 404,
  [GrpcCode.FailedPrecondition]: 400,
  [GrpcCode.Unauthenticated]: 401,
};

const CODE_OF: Record<DemoWorldErrorReason, GrpcStatusCode> = {
  NotFound: GrpcCode.NotFound,
  OperationInProgress: GrpcCode.FailedPrecondition,
  NoOperationInProgress: GrpcCode.InvalidArgument,
  InvalidArgument: GrpcCode.InvalidArgument,
  // The repo-server's git errors reach clients as plain errors: gRPC Unknown.
  UnknownRevision: GrpcCode.Unknown,
};

const TOKEN_COOKIE = 'argocd.token';

/** Reported by /api/version; the suffix makes clear this is not a real server. */
const VERSION = {
  Version: 'v2.13.3+local-double',
  BuildDate: '2025-01-03T18:14:23Z',
  GitTreeState: 'clean',
  GoVersion: 'go1.22.10',
  Compiler: 'gc',
  Platform: 'linux/amd64',
};

/** The error body of every failed argocd-server API call. */
function sendError(res: Response, code: GrpcStatusCode, message: string) {
  res.status(HTTP_STATUS_OF[code]).json({ error: message, code, message });
}

function sendWorldError(res: Response, error: unknown) {
  if (!(error instanceof DemoWorldError)) throw error;
  sendError(res, CODE_OF[error.reason], error.message);
}

function appNotFound(res: Response, name: string) {
  sendError(
    res,
    GrpcCode.NotFound,
    `applications.argoproj.io "${name}" not found`,
  );
}

function queryList(value: unknown): string[] {
  if (Array.isArray(value))
    return value.filter((v): v is string => typeof v === 'string' && v !== '');
  return typeof value === 'string' && value !== '' ? [value] : [];
}

function queryString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `project` is the legacy name of `projects`; ArgoCD accepts both. */
function requestedProjects(req: Request): string[] {
  return [...queryList(req.query.projects), ...queryList(req.query.project)];
}

function cookieValue(req: Request, name: string): string | undefined {
  for (const pair of (req.header('cookie') ?? '').split(';')) {
    const [key, ...value] = pair.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function sessionToken(req: Request): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.header('authorization') ?? '');
  return bearer ? bearer[1].trim() : cookieValue(req, TOKEN_COOKIE);
}

function createArgoCdApi(
  world: DemoWorld,
  account: { username: string; password: string },
) {
  const sessions = new SessionIssuer();
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(express.json());

  /** Like argocd-server: every API but login and version needs a session. */
  const requireSession = (req: Request, res: Response, next: NextFunction) => {
    const token = sessionToken(req);
    if (!token) {
      sendError(res, GrpcCode.Unauthenticated, 'no session information');
      return;
    }
    const check = sessions.verify(token);
    if (!check.valid) {
      sendError(
        res,
        GrpcCode.Unauthenticated,
        `invalid session: ${check.reason}`,
      );
      return;
    }
    res.locals.username = check.username;
    next();
  };

  /** Apps live in the control-plane namespace; any other appNamespace holds none. */
  const findApp = (req: Request, name: string) => {
    const appNamespace = queryString(req.query.appNamespace);
    if (appNamespace && appNamespace !== ARGOCD_NAMESPACE) return undefined;
    return world.getApplication(name);
  };

  // argocd-server's own liveness endpoint, open like the real one.
  app.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok');
  });

  app.get('/api/version', (_req, res) => {
    res.json(VERSION);
  });

  app.post('/api/v1/session', (req, res) => {
    const { username, password } = (req.body ?? {}) as {
      username?: unknown;
      password?: unknown;
    };
    if (username !== account.username || password !== account.password) {
      sendError(res, GrpcCode.Unauthenticated, 'Invalid username or password');
      return;
    }
    const token = sessions.issue(account.username);
    res.cookie(TOKEN_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
    });
    res.json({ token });
  });

  app.get('/api/v1/session/userinfo', (req, res) => {
    const token = sessionToken(req);
    const check = token ? sessions.verify(token) : undefined;
    res.json(
      check?.valid
        ? { loggedIn: true, username: check.username, iss: 'argocd' }
        : { loggedIn: false },
    );
  });

  app.delete('/api/v1/session', requireSession, (req, res) => {
    sessions.revoke(sessionToken(req)!);
    res.clearCookie(TOKEN_COOKIE, { path: '/' });
    res.json({});
  });

  app.get('/api/v1/applications', requireSession, (req, res) => {
    let matchesSelector;
    try {
      matchesSelector = parseLabelSelector(queryString(req.query.selector));
    } catch (error) {
      if (!(error instanceof SelectorParseError)) throw error;
      // argocd-server wraps the parse error in a plain error: gRPC Unknown.
      sendError(
        res,
        GrpcCode.Unknown,
        `error parsing the selector: ${error.message}`,
      );
      return;
    }
    const projects = requestedProjects(req);
    const name = queryString(req.query.name);
    const repo = queryString(req.query.repo);
    const appNamespace = queryString(req.query.appNamespace);
    const items = world
      .listApplications()
      .filter(a => matchesSelector(a.metadata.labels))
      .filter(a => projects.length === 0 || projects.includes(a.spec.project))
      .filter(a => !name || a.metadata.name === name)
      .filter(a => !repo || a.spec.source.repoURL === repo)
      .filter(a => !appNamespace || a.metadata.namespace === appNamespace);
    res.json({ metadata: { resourceVersion: world.resourceVersion() }, items });
  });

  app.get('/api/v1/applications/:name', requireSession, (req, res) => {
    const { name } = req.params;
    const found = findApp(req, name);
    const projects = requestedProjects(req);
    // Asking for an app in a project it is not in reads as "no such app".
    if (
      !found ||
      (projects.length > 0 && !projects.includes(found.spec.project))
    ) {
      appNotFound(res, name);
      return;
    }
    const refresh = queryString(req.query.refresh);
    res.json(refresh ? world.getApplication(name, { refresh: true }) : found);
  });

  app.delete('/api/v1/applications/:name', requireSession, (req, res) => {
    const { name } = req.params;
    if (!findApp(req, name)) {
      appNotFound(res, name);
      return;
    }
    world.deleteApplication(name, { cascade: req.query.cascade !== 'false' });
    res.json({});
  });

  app.post('/api/v1/applications/:name/sync', requireSession, (req, res) => {
    const { name } = req.params;
    if (!findApp(req, name)) {
      appNotFound(res, name);
      return;
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const mistyped = (['revision', 'prune', 'dryRun'] as const).find(field => {
      const value = body[field];
      const expected = field === 'revision' ? 'string' : 'boolean';
      return value !== undefined && value !== null && typeof value !== expected;
    });
    if (mistyped) {
      sendError(
        res,
        GrpcCode.InvalidArgument,
        `invalid value for field "${mistyped}"`,
      );
      return;
    }
    try {
      res.json(
        world.sync(name, (body.revision as string | undefined) ?? undefined, {
          prune: body.prune === true,
          dryRun: body.dryRun === true,
          username: res.locals.username as string,
        }),
      );
    } catch (error) {
      sendWorldError(res, error);
    }
  });

  app.delete(
    '/api/v1/applications/:name/operation',
    requireSession,
    (req, res) => {
      const { name } = req.params;
      if (!findApp(req, name)) {
        appNotFound(res, name);
        return;
      }
      try {
        world.terminateOperation(name);
        res.json({});
      } catch (error) {
        sendWorldError(res, error);
      }
    },
  );

  app.get(
    '/api/v1/applications/:name/revisions/:revision/metadata',
    requireSession,
    (req, res) => {
      const { name, revision } = req.params;
      if (!findApp(req, name)) {
        appNotFound(res, name);
        return;
      }
      try {
        res.json(world.getRevisionMetadata(name, revision));
      } catch (error) {
        sendWorldError(res, error);
      }
    },
  );

  app.get('/api/v1/projects', requireSession, (_req, res) => {
    res.json({
      metadata: { resourceVersion: world.resourceVersion() },
      items: world.listProjects(),
    });
  });

  app.get('/api/v1/projects/:name', requireSession, (req, res) => {
    const project = world.getProject(req.params.name);
    if (!project) {
      sendError(
        res,
        GrpcCode.NotFound,
        `appprojects.argoproj.io "${req.params.name}" not found`,
      );
      return;
    }
    res.json(project);
  });

  app.delete('/api/v1/projects/:name', requireSession, (req, res) => {
    try {
      world.deleteProject(req.params.name);
      res.json({});
    } catch (error) {
      sendWorldError(res, error);
    }
  });

  // grpc-gateway's answer for a path no API serves.
  app.use((_req, res) => {
    sendError(res, GrpcCode.NotFound, 'Not Found');
  });

  app.use(
    (
      error: Error & { type?: string },
      _req: Request,
      res: Response,
      _next: NextFunction,
    ) => {
      if (error.type === 'entity.parse.failed') {
        sendError(res, GrpcCode.InvalidArgument, error.message);
        return;
      }
      sendError(res, GrpcCode.Unknown, error.message);
    },
  );

  return app;
}

/**
 * Starts the ArgoCD API double: the argocd-server REST endpoints the Roadie
 * ArgoCD plugins call, serving the demo world's applications.
 */
export async function startArgoCdDouble(
  options: ArgoCdDoubleOptions,
): Promise<RunningDouble> {
  const app = createArgoCdApi(options.world, options);
  return listen(app, options.port, options.host ?? '127.0.0.1');
}
