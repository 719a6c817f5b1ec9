import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.js';

const logger = pino({ level: 'silent' });

function app(isReady = () => true) {
  return createApp({ logger, isReady });
}

describe('probes', () => {
  it('is alive', async () => {
    const response = await request(app()).get('${{ values.livenessPath }}');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('is ready until it shuts down', async () => {
    let ready = true;
    const service = app(() => ready);
    await request(service).get('${{ values.readinessPath }}').expect(200, { status: 'ready' });
    ready = false;
    await request(service)
      .get('${{ values.readinessPath }}')
      .expect(503, { status: 'shutting down' });
  });
});

describe('metrics', () => {
  it('counts and times requests by route, method and status code', async () => {
    const service = app();
    const created = await request(service).post('/api/items').send({ name: 'first' });
    await request(service).get(`/api/items/${created.body.id}`).expect(200);
    await request(service).get('/api/items/does-not-exist').expect(404);

    const response = await request(service).get('${{ values.metricsPath }}');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.text).toContain(
      'http_requests_total{route="/api/items/{id}",method="GET",code="200"} 1',
    );
    expect(response.text).toContain(
      'http_requests_total{route="/api/items/{id}",method="GET",code="404"} 1',
    );
    expect(response.text).toContain(
      'http_requests_total{route="/api/items",method="POST",code="201"} 1',
    );
    expect(response.text).toContain(
      'http_request_duration_seconds_count{route="/api/items/{id}",method="GET"} 2',
    );
    expect(response.text).toMatch(/^process_cpu_seconds_total /m);
  });

  it('does not turn unknown paths into label values', async () => {
    const service = app();
    await request(service).get('/no/such/path/42').expect(404);
    const response = await request(service).get('${{ values.metricsPath }}');
    expect(response.text).toContain('http_requests_total{route="unmatched",method="GET",code="404"} 1');
    expect(response.text).not.toContain('/no/such/path');
  });
});

describe('items', () => {
  it('creates, lists and gets items', async () => {
    const service = app();
    const created = await request(service).post('/api/items').send({ name: 'first' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'first',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    await request(service).get('/api/items').expect(200, { items: [created.body] });
    await request(service).get(`/api/items/${created.body.id}`).expect(200, created.body);
  });

  it.each([
    ['no name', {}],
    ['an empty name', { name: '  ' }],
    ['a name that is not a string', { name: 42 }],
    ['a name that is too long', { name: 'x'.repeat(101) }],
  ])('refuses an item with %s', async (_case, body) => {
    const response = await request(app()).post('/api/items').send(body);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/^name: /);
  });

  it('refuses a body that is not JSON', async () => {
    const response = await request(app())
      .post('/api/items')
      .set('Content-Type', 'application/json')
      .send('{"name":');
    expect(response.status).toBe(400);
    expect(response.body.error.message).toEqual(expect.any(String));
  });

  it('answers 404 for an unknown item', async () => {
    const response = await request(app()).get('/api/items/404');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: { message: 'No item with id 404' } });
  });
});

it('serves its OpenAPI definition', async () => {
  const response = await request(app()).get('/openapi.yaml');
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toMatch(/^application\/yaml/);
  expect(response.text).toMatch(/^openapi: 3\./);
});
