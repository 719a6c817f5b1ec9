import { DemoService } from '../demoPlatform';
import { ContainerRun } from './crashLoop';
import { fraction, intBetween, ipInRange, pick } from './deterministic';
import { SECOND } from './time';

/**
 * Container logs in each runtime's usual format. A healthy container logs a
 * line every few seconds from its start until now, so the log grows while the
 * double runs; every line is derived from the pod name and its index.
 */

const LINE_INTERVAL_MS = 7 * SECOND;
/** Without tailLines the double returns at most this many lines. */
const DEFAULT_LINE_LIMIT = 1000;

const USER_AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'axios/1.7.2',
  'kube-probe/1.31',
];

interface LogLine {
  at: number;
  text: string;
}

function clf(at: number): string {
  // Common Log Format timestamp: 22/Nov/2025:02:08:00 +0000
  const [, day, month, year, time] =
    /^\w+, (\d+) (\w+) (\d+) ([\d:]+) GMT$/.exec(new Date(at).toUTCString()) ??
    [];
  return `${day}/${month}/${year}:${time} +0000`;
}

function startupLines(
  service: DemoService,
  version: string,
  at: number,
): LogLine[] {
  const port = service.port ?? 0;
  const lines: Record<DemoService['runtime'], string[]> = {
    node: [
      JSON.stringify({
        level: 30,
        time: at,
        pid: 1,
        hostname: service.name,
        msg: `starting ${service.name}`,
        version,
      }),
      JSON.stringify({
        level: 30,
        time: at + 400,
        pid: 1,
        hostname: service.name,
        msg: service.port
          ? `listening on http://0.0.0.0:${port}`
          : 'worker ready, consuming queues',
      }),
    ],
    python: [
      `[${new Date(at).toISOString()}] [1] [INFO] Starting gunicorn 22.0.0`,
      `[${new Date(
        at + 200,
      ).toISOString()}] [1] [INFO] Listening at: http://0.0.0.0:${port} (1)`,
      `[${new Date(
        at + 300,
      ).toISOString()}] [7] [INFO] Booting worker with pid: 7`,
    ],
    go: [
      `time=${new Date(at).toISOString()} level=INFO msg="starting ${
        service.name
      }" version=${version}`,
      `time=${new Date(
        at + 300,
      ).toISOString()} level=INFO msg="http server listening" addr=:${port}`,
    ],
    nginx: [
      `/docker-entrypoint.sh: Configuration complete; ready for start up`,
      `${new Date(at)
        .toISOString()
        .replace('T', ' ')
        .slice(0, 19)
        .replace(/-/g, '/')} [notice] 1#1: start worker processes`,
    ],
  };
  return lines[service.runtime].map((text, i) => ({ at: at + i * 100, text }));
}

function activityLine(
  service: DemoService,
  podName: string,
  index: number,
  at: number,
): string {
  const key = [podName, String(index)];
  const route = pick(service.routes, 'route', ...key);
  const client = ipInRange('10.244', 'client', ...key);
  const millis = intBetween(2, 180, 'latency', ...key);
  const status = fraction('status', ...key) < 0.04 ? 404 : 200;
  switch (service.runtime) {
    case 'node':
      if (!service.port) {
        return JSON.stringify({
          level: 30,
          time: at,
          pid: 1,
          hostname: podName,
          queue: route,
          jobId: intBetween(10000, 99999, 'job', ...key),
          durationMs: millis * 7,
          msg: 'job completed',
        });
      }
      return JSON.stringify({
        level: 30,
        time: at,
        pid: 1,
        hostname: podName,
        req: { method: 'GET', url: route, remoteAddress: client },
        res: { statusCode: status },
        responseTime: millis,
        msg: 'request completed',
      });
    case 'python':
      return `${client} - - [${clf(
        at,
      )}] "GET ${route} HTTP/1.1" ${status} ${intBetween(
        120,
        4000,
        'bytes',
        ...key,
      )} "-" "${pick(USER_AGENTS, 'agent', ...key)}"`;
    case 'go':
      return `time=${new Date(
        at,
      ).toISOString()} level=INFO msg="request handled" method=GET path=${route} status=${status} duration=${millis}ms`;
    case 'nginx':
    default:
      return `${client} - - [${clf(
        at,
      )}] "GET ${route} HTTP/1.1" ${status} ${intBetween(
        300,
        90000,
        'bytes',
        ...key,
      )} "-" "${pick(USER_AGENTS, 'agent', ...key)}" "-"`;
  }
}

export interface LogOptions {
  tailLines?: number;
  timestamps?: boolean;
}

function format(lines: LogLine[], options: LogOptions): string {
  const limit = options.tailLines ?? DEFAULT_LINE_LIMIT;
  const tail = limit <= 0 ? [] : lines.slice(-limit);
  return tail
    .map(line =>
      options.timestamps
        ? `${new Date(line.at).toISOString()} ${line.text}`
        : line.text,
    )
    .map(text => `${text}\n`)
    .join('');
}

/** Logs of a container that has been running since `startedAt`. */
export function runningContainerLogs(
  service: DemoService,
  podName: string,
  version: string,
  startedAt: number,
  now: number,
  options: LogOptions,
): string {
  const lines = startupLines(service, version, startedAt);
  const count = Math.max(0, Math.floor((now - startedAt) / LINE_INTERVAL_MS));
  const limit = options.tailLines ?? DEFAULT_LINE_LIMIT;
  // Only the lines that can be returned are generated.
  for (let index = Math.max(1, count - limit + 1); index <= count; index++) {
    const at = startedAt + index * LINE_INTERVAL_MS;
    lines.push({ at, text: activityLine(service, podName, index, at) });
  }
  return format(lines, options);
}

/** Logs of one run of a container that crashes shortly after it starts. */
export function crashedContainerLogs(
  service: DemoService,
  run: ContainerRun,
  now: number,
  options: LogOptions,
): string {
  const crashLog = service.crashLog ?? ['fatal error'];
  const span = run.finishedAt - run.startedAt;
  const lines = crashLog
    .map((text, i) => ({
      at: run.startedAt + (span * i) / crashLog.length,
      text,
    }))
    .filter(line => line.at <= now)
    .map(line => ({
      ...line,
      // Structured lines carry their own timestamp; continuation lines don't.
      text: line.text.startsWith('level=')
        ? `time=${new Date(line.at).toISOString()} ${line.text}`
        : line.text,
    }));
  return format(lines, options);
}
