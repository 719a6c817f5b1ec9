/*
 * What the portal's benchmarks (scripts/benchmarks/*.ts) share: progress on
 * stderr, p50/p95 timings, connections to the PostgreSQL server they run on
 * with databases of their own, and the Markdown table they print. Helpers
 * for benchmarks that serve a plugin over HTTP are in ./backend.
 *
 * Environment:
 *   PORTAL_BENCH_POSTGRES_URL   server to use (default postgresql://postgres@127.0.0.1:5432)
 */
import { knex as createKnex, Knex } from 'knex';
import { performance } from 'node:perf_hooks';

const SERVER_URL =
  process.env.PORTAL_BENCH_POSTGRES_URL ??
  'postgresql://postgres@127.0.0.1:5432';

/** Progress, on stderr, so that stdout holds only the table. */
export const log = (message: string) =>
  process.stderr.write(`[bench] ${message}\n`);

/** Milliseconds at the median and the 95th percentile of `runs` runs. */
export interface Timing {
  p50: number;
  p95: number;
  runs: number;
}

/**
 * Runs `run` `warmup` times untimed, then `runs` times timed, one after the
 * other; `run` gets the run's index, from 0 in either phase.
 */
export async function measure(
  runs: number,
  warmup: number,
  run: (index: number) => Promise<unknown>,
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await run(i);
  const durations: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run(i);
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  const percentile = (p: number) =>
    durations[
      Math.min(durations.length - 1, Math.ceil(p * durations.length) - 1)
    ];
  return { p50: percentile(0.5), p95: percentile(0.95), runs };
}

/** {@link measure}, and logs the result under `name`. */
export async function timeRuns(
  name: string,
  runs: number,
  warmup: number,
  run: (index: number) => Promise<unknown>,
): Promise<Timing> {
  const result = await measure(runs, warmup, run);
  log(
    `${name}: p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(
      1,
    )} ms (${runs} runs)`,
  );
  return result;
}

/** A table cell: "p50 1.2 ms / p95 3.4 ms". */
export function formatTiming(timing: { p50: number; p95: number }): string {
  return `p50 ${timing.p50.toFixed(1)} ms / p95 ${timing.p95.toFixed(1)} ms`;
}

/** Seconds since `started` (a performance.now()), rounded: "42". */
export function secondsSince(started: number): string {
  return ((performance.now() - started) / 1000).toFixed(0);
}

/** The results on stdout, as a Markdown table of measure, value and target. */
export function printTable(rows: string[][]) {
  console.log('| measure | value | target |');
  console.log('| --- | --- | --- |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

/** A pool of connections to `database` on the benchmark's server. */
export function connection(database: string, maxConnections: number): Knex {
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  return createKnex({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 1, max: maxConnections },
  });
}

/** Creates `database` empty, dropping what a previous run left. */
export async function recreateDatabase(admin: Knex, database: string) {
  await dropDatabase(admin, database);
  await admin.raw('CREATE DATABASE ??', [database]);
}

/** Drops `database`, closing its connections, if it exists. */
export async function dropDatabase(admin: Knex, database: string) {
  await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [database]);
}

/** Whether PORTAL_BENCH_KEEP=1 asks to keep the databases, to study plans. */
export function keepDatabases(): boolean {
  return process.env.PORTAL_BENCH_KEEP === '1';
}
