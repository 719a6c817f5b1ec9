import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { startServer } from './server.js';

const logger = pino({ level: 'silent' });

describe('startServer', () => {
  it('turns away new traffic on shutdown, then stops', async () => {
    const server = await startServer({ port: 0, logger, shutdownDelayMs: 200 });
    const url = `http://127.0.0.1:${server.address.port}`;
    expect((await fetch(`${url}${{ values.readinessPath }}`)).status).toBe(200);

    const stopped = server.shutdown();
    // During the delay the service still answers, but is no longer ready.
    expect((await fetch(`${url}${{ values.readinessPath }}`)).status).toBe(503);
    expect((await fetch(`${url}${{ values.livenessPath }}`)).status).toBe(200);

    await stopped;
    await expect(fetch(`${url}${{ values.livenessPath }}`)).rejects.toThrow();
  });
});
