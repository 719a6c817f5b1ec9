import { useEffect, useState } from 'react';
import { useAppServices } from '../appServices';

/** The version CI builds into the image (APP_VERSION), or `dev`. */
const APP_VERSION = import.meta.env.VITE_APP_VERSION || 'dev';

type BackendHealth =
  | { state: 'checking' }
  | { state: 'up'; status: string }
  | { state: 'down'; reason: string };

/**
 * The app's own version and environment, and whether its backend answers.
 * (Kubernetes probes nginx's /healthz instead: the site is up even when its
 * backend is not.)
 */
export function HealthPage() {
  const { config, api } = useAppServices();
  const [backend, setBackend] = useState<BackendHealth>({ state: 'checking' });

  useEffect(() => {
    const controller = new AbortController();
    api.getHealth({ signal: controller.signal }).then(
      health => setBackend({ state: 'up', status: health.status }),
      (error: Error) => {
        if (!controller.signal.aborted) {
          setBackend({ state: 'down', reason: error.message });
        }
      },
    );
    return () => controller.abort();
  }, [api]);

  return (
    <section>
      <h1>Health</h1>
      <dl>
        <dt>Version</dt>
        <dd>{APP_VERSION}</dd>
        <dt>Environment</dt>
        <dd>{config.environment}</dd>
        <dt>Backend</dt>
        <dd>{config.apiBaseUrl}</dd>
        <dt>Backend status</dt>
        <dd role="status">
          {backend.state === 'checking' && 'Checking…'}
          {backend.state === 'up' && `Up (${backend.status})`}
          {backend.state === 'down' && `Unreachable: ${backend.reason}`}
        </dd>
      </dl>
    </section>
  );
}
