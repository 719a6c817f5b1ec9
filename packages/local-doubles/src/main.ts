/**
 * Starts the doubles on loopback for the portal's dev start: ArgoCD,
 * Kubernetes and the demo metrics exporter the demo Prometheus scrapes
 * (demo/prometheus/prometheus.yml). Ports and credentials come from the
 * environment; the defaults match app-config.yaml.
 */
import { startArgoCdDouble } from './argocd/startArgoCdDouble';
import { startKubernetesDouble } from './kubernetes/startKubernetesDouble';
import { startDemoMetricsExporter } from './metrics/startDemoMetricsExporter';
import { createDemoWorld } from './world/createDemoWorld';

const HOST = '127.0.0.1';

function portFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name} must be a port number, got "${value}"`);
  }
  return port;
}

async function main() {
  const world = createDemoWorld();
  const argocd = await startArgoCdDouble({
    port: portFromEnv('ARGOCD_DOUBLE_PORT', 7090),
    host: HOST,
    world,
    username: process.env.ARGOCD_DOUBLE_USERNAME || 'admin',
    password: process.env.ARGOCD_DOUBLE_PASSWORD || 'local-double-password',
  });
  console.log(`ArgoCD API double listening on ${argocd.url}`);
  const kubernetes = await startKubernetesDouble({
    port: portFromEnv('KUBERNETES_DOUBLE_PORT', 7091),
    host: HOST,
    world,
    token: process.env.KUBERNETES_DOUBLE_TOKEN || 'local-double-token',
  });
  console.log(`Kubernetes API double listening on ${kubernetes.url}`);
  const metrics = await startDemoMetricsExporter({
    port: portFromEnv('DEMO_METRICS_PORT', 7092),
    host: HOST,
    world,
  });
  console.log(`Demo metrics exporter listening on ${metrics.url}`);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`Received ${signal}, stopping the local doubles`);
    world.close();
    await Promise.all([argocd.close(), kubernetes.close(), metrics.close()]);
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
