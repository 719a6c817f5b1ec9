import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { publicErrorBodies } from './publicErrorBodies';
import { ARGOCD_PLUGIN_PATH, readOnlyArgoCd } from './readOnlyArgoCd';

/**
 * The portal's root HTTP router: Backstage's, in Backstage's default
 * middleware order, with two additions in front of the plugins' routes:
 * error responses carry no stack and no upstream objects outside
 * development (publicErrorBodies), and the Roadie ArgoCD backend only reads
 * (readOnlyArgoCd).
 */
export const portalRootHttpRouterServiceFactory = rootHttpRouterServiceFactory({
  configure({ app, config, middleware, healthRouter, routes }) {
    // What Backstage's applyDefaults does besides the middleware, which
    // cannot be reordered around it. backend.server (timeouts) is not
    // applied here: refuse it rather than ignore it.
    if (config.has('backend.server')) {
      throw new Error(
        'backend.server is not applied by the portal backend; apply it in packages/backend/src/http/rootHttpRouter.ts',
      );
    }
    const development = process.env.NODE_ENV === 'development';
    if (development) {
      app.set('json spaces', 2);
    }
    const trustProxy = config.getOptional('backend.trustProxy');
    if (trustProxy !== undefined) {
      app.set('trust proxy', trustProxy);
    }

    app.use(middleware.helmet());
    app.use(middleware.cors());
    app.use(middleware.compression());
    app.use(middleware.logging());
    app.use(middleware.rateLimit());
    app.use(healthRouter);
    app.use(publicErrorBodies({ exposeDetails: development }));
    app.use(ARGOCD_PLUGIN_PATH, readOnlyArgoCd());
    app.use(routes);
    app.use(middleware.notFound());
    app.use(middleware.error());
  },
});
