import {
  describeWithPrometheus,
  prometheusConfig,
  RunningPrometheus,
  startPrometheus,
} from '@internal/local-doubles';
import {
  DEV_CI_TOKEN,
  eventually,
  freePort,
  PortalBackend,
  startPortalBackend,
} from './testing/startPortalBackend';

/*
 * The portal's own observability, on the real backend process started the
 * way `yarn start` and the Docker image start it (with
 * src/instrumentation.js): health endpoints, the OpenTelemetry Prometheus
 * exporter, and a real Prometheus (Debian's package) scraping it.
 */

jest.setTimeout(240_000);

describe('the portal backend with its instrumentation', () => {
  let backend: PortalBackend;
  let metricsUrl: string;

  beforeAll(async () => {
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    backend = await startPortalBackend({
      database: { client: 'sqlite' },
      metricsPort,
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('answers the readiness and liveness probes', async () => {
    for (const probe of ['readiness', 'liveness']) {
      const res = await fetch(
        `${backend.baseUrl}/.backstage/health/v1/${probe}`,
      );
      expect({ probe, status: res.status }).toEqual({ probe, status: 200 });
      expect(await res.json()).toEqual({ status: 'ok' });
    }
  });

  it('exposes HTTP, catalog and runtime metrics in the Prometheus format', async () => {
    // Some traffic for the HTTP server metrics.
    await fetch(`${backend.baseUrl}/api/catalog/entities?limit=1`, {
      headers: { Authorization: `Bearer ${DEV_CI_TOKEN}` },
    });
    const text = await eventually(async () => {
      const res = await fetch(metricsUrl);
      const body = await res.text();
      return /^catalog_entities_count/m.test(body) ? body : undefined;
    }, 120_000);
    // OpenTelemetry's stable HTTP semantic conventions; the unit (seconds)
    // is in a `# UNIT` line rather than the name.
    expect(text).toMatch(/^# TYPE http_server_request_duration histogram$/m);
    expect(text).toMatch(
      /^http_server_request_duration_count\{[^}]*http_request_method="GET"[^}]*http_response_status_code="200"/m,
    );
    expect(text).toMatch(/^# TYPE nodejs_eventloop_utilization gauge$/m);
    expect(text).toMatch(/^target_info\{[^}]*service_name="developer-portal"/m);
  });

  describeWithPrometheus('scraped by a real Prometheus', () => {
    let prometheus: RunningPrometheus;

    beforeAll(async () => {
      prometheus = await startPrometheus({
        config: prometheusConfig({
          targets: { portal: metricsUrl },
        }),
      });
    });

    afterAll(async () => {
      await prometheus?.close();
    });

    it('is up and its request counts are queryable', async () => {
      await prometheus.waitForTargets({ jobs: ['portal'] });
      const [up] = await prometheus.waitForSamples('up{job="portal"} == 1');
      expect(up.metric.instance).toBe(new URL(metricsUrl).host);
      await prometheus.waitForSamples(
        'sum(http_server_request_duration_count{job="portal"}) > 0',
      );
    });
  });
});
