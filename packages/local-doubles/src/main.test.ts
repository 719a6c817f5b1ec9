import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

/**
 * Runs src/main.ts the way `yarn start` does (through the Backstage CLI's
 * Node transform), on free ports, and checks both doubles answer with the
 * dev credentials and that SIGTERM stops the process cleanly.
 */

jest.setTimeout(30_000);

function waitForUrls(
  child: ChildProcess,
): Promise<{ argocd: string; kubernetes: string; metrics: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', chunk => {
      output += chunk;
      const argocd = /ArgoCD API double listening on (\S+)/.exec(output)?.[1];
      const kubernetes = /Kubernetes API double listening on (\S+)/.exec(
        output,
      )?.[1];
      const metrics = /Demo metrics exporter listening on (\S+)/.exec(
        output,
      )?.[1];
      if (argocd && kubernetes && metrics) {
        resolve({ argocd, kubernetes, metrics });
      }
    });
    child.stderr!.on('data', chunk => {
      output += chunk;
    });
    child.on('exit', code =>
      reject(new Error(`exited with ${code} before listening:\n${output}`)),
    );
  });
}

describe('main', () => {
  let child: ChildProcess | undefined;

  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('starts the doubles and the metrics exporter with the dev credentials and stops on SIGTERM', async () => {
    child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        path.join(__dirname, 'main.ts'),
      ],
      {
        env: {
          ...process.env,
          ARGOCD_DOUBLE_PORT: '0',
          KUBERNETES_DOUBLE_PORT: '0',
          DEMO_METRICS_PORT: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const urls = await waitForUrls(child);
    expect(urls.argocd).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const login = await fetch(`${urls.argocd}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        username: 'admin',
        password: 'local-double-password',
      }),
    });
    expect(login.status).toBe(200);
    const pods = await fetch(
      `${urls.kubernetes}/api/v1/namespaces/learning/pods`,
      {
        headers: { Authorization: 'Bearer local-double-token' },
      },
    );
    expect((await pods.json()).kind).toBe('PodList');
    const metrics = await fetch(`${urls.metrics}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain(
      'http_requests_total{app="course-service"',
    );

    const exited = new Promise<number | null>(resolve =>
      child!.on('exit', resolve),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
