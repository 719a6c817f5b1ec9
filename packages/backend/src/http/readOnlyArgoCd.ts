import type { RootHttpRouterConfigureContext } from '@backstage/backend-defaults/rootHttpRouter';

type RequestHandler = RootHttpRouterConfigureContext['routes'];

/** Where the Roadie ArgoCD backend (plugin id `argocd`) serves its routes. */
export const ARGOCD_PLUGIN_PATH = '/api/argocd';

export const ARGOCD_READ_ONLY_MESSAGE =
  "The portal's ArgoCD integration is read-only; promotions go through /api/environments/promotions";

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * A NotAllowedError (403) for the backend's error handler, shaped like
 * @backstage/errors' own, which this package does not depend on.
 */
class ArgoCdReadOnlyError extends Error {
  readonly name = 'NotAllowedError';
  readonly statusCode = 403;
}

/**
 * Refuses every request but GET and HEAD to the Roadie ArgoCD backend, for
 * everyone. Its write routes (createArgo, updateArgo, sync, deleting an
 * application together with its project, terminating an operation) act with
 * the portal's ArgoCD admin credentials and check no permission; the Roadie
 * frontend only reads, and the portal's own promotions and preview teardowns
 * use their own ArgoCD client behind the environments plugin's permissions.
 *
 * Mount it at ARGOCD_PLUGIN_PATH on the root app: Express matches that path
 * exactly as the root router matches the plugin's (case-insensitively, as a
 * prefix), so no spelling of the path reaches the plugin around it.
 */
export function readOnlyArgoCd(): RequestHandler {
  return (req, _res, next) => {
    if (READ_METHODS.has(req.method)) {
      next();
      return;
    }
    next(new ArgoCdReadOnlyError(ARGOCD_READ_ONLY_MESSAGE));
  };
}
