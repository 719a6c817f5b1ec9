import express from 'express';
import request from 'supertest';
import { gzipSync } from 'node:zlib';
import {
  findJsonShapeViolation,
  formatByteSize,
  portalJsonBody,
} from './portalJsonBody';

/** A router as the portal's are built: the body guard, then routes. */
function appWith(options: Parameters<typeof portalJsonBody>[0]) {
  const app = express();
  app.use(portalJsonBody(options));
  app.post('/echo', (req, res) => {
    res.json({ received: req.body });
  });
  // Stands in for Backstage's error handler: must never be reached for body errors.
  app.use(
    (
      error: Error,
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      res
        .status(500)
        .json({ error: { name: 'Unexpected', message: error.message } });
    },
  );
  return app;
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('findJsonShapeViolation', () => {
  const bytes = (text: string) => Buffer.from(text, 'utf8');

  it('accepts nesting up to the limit and refuses one level more', () => {
    expect(findJsonShapeViolation(bytes(nested(64)))).toBeUndefined();
    expect(findJsonShapeViolation(bytes(nested(65)))).toBe(
      'request body nests deeper than 64 levels',
    );
    expect(
      findJsonShapeViolation(bytes('{"a":{"b":{}}}'), { maxDepth: 2 }),
    ).toBe('request body nests deeper than 2 levels');
  });

  it('ignores brackets, commas and escaped quotes inside strings', () => {
    const text = JSON.stringify({
      s: `${'['.repeat(500)}\\",,,,{{{`,
      t: '"]]]]',
    });
    expect(
      findJsonShapeViolation(bytes(text), { maxDepth: 1, maxItems: 2 }),
    ).toBeUndefined();
  });

  it('counts the items of each array and object on its own level', () => {
    const array = JSON.stringify([1, 2, 3]);
    expect(
      findJsonShapeViolation(bytes(array), { maxItems: 3 }),
    ).toBeUndefined();
    expect(findJsonShapeViolation(bytes(array), { maxItems: 2 })).toBe(
      'request body has an array of more than 2 items',
    );
    const object = JSON.stringify({ a: [1, 2], b: [3, 4], c: 5 });
    expect(
      findJsonShapeViolation(bytes(object), { maxItems: 3 }),
    ).toBeUndefined();
    expect(findJsonShapeViolation(bytes(object), { maxItems: 2 })).toBe(
      'request body has an object with more than 2 keys',
    );
  });

  it('refuses escapes of lone surrogates, and accepts pairs and other escapes', () => {
    const lone =
      'request body has a \\u escape of a lone UTF-16 surrogate, which is not valid Unicode';
    expect(findJsonShapeViolation(bytes('{"a":"x\\ud800"}'))).toBe(lone);
    expect(findJsonShapeViolation(bytes('{"a":"\\udc00x"}'))).toBe(lone);
    expect(findJsonShapeViolation(bytes('{"a":"\\uD83D\\u0041"}'))).toBe(lone);
    expect(findJsonShapeViolation(bytes('["\\ud83d'))).toBe(lone);
    expect(
      findJsonShapeViolation(
        bytes(
          JSON.stringify({ a: '🙂 \u0001 \n "q" \\ \u00e9' }).replace(
            '🙂',
            '\\ud83d\\ude42',
          ),
        ),
      ),
    ).toBeUndefined();
    // Escaped backslashes do not start an escape.
    expect(findJsonShapeViolation(bytes('{"a":"\\\\ud800"}'))).toBeUndefined();
  });

  it('refuses NUL characters in strings, which PostgreSQL cannot store', () => {
    expect(
      findJsonShapeViolation(bytes(JSON.stringify({ a: 'x\u0000y' }))),
    ).toBe(
      'request body has a NUL character (\\u0000) in a string, which cannot be stored',
    );
    expect(findJsonShapeViolation(bytes('{"a":"\\\\u0000"}'))).toBeUndefined();
  });

  it('is linear: 20,000 levels are refused at once, without recursion', () => {
    const start = performance.now();
    expect(findJsonShapeViolation(bytes(nested(20_000)))).toBe(
      'request body nests deeper than 64 levels',
    );
    // Multi-byte characters do not confuse the byte scan.
    expect(
      findJsonShapeViolation(bytes(JSON.stringify({ 'ä🙂': ['ü', '\u202e'] }))),
    ).toBeUndefined();
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('formatByteSize', () => {
  it('names whole KiB and MiB', () => {
    expect(formatByteSize(256 * 1024)).toBe('256 KiB');
    expect(formatByteSize(2 * 1024 * 1024)).toBe('2 MiB');
    expect(formatByteSize(1000)).toBe('1000 bytes');
  });
});

describe('portalJsonBody', () => {
  const app = appWith({ limitBytes: 64 * 1024 });

  it('parses JSON bodies within the bounds', async () => {
    const res = await request(app)
      .post('/echo')
      .send({ a: [1, { b: 'ünïcödé 🙂' }] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: { a: [1, { b: 'ünïcödé 🙂' }] } });
  });

  it('parses gzip-encoded bodies', async () => {
    const res = await request(app)
      .post('/echo')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .serialize(raw => raw)
      .send(gzipSync(JSON.stringify({ zipped: true })));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: { zipped: true } });
  });

  it('refuses a body nested 20,000 levels deep with a 400 and a plain message', async () => {
    const res = await request(app)
      .post('/echo')
      .set('Content-Type', 'application/json')
      .send(`{"metadata":${nested(20_000)}}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: {
        name: 'InputError',
        message: 'request body nests deeper than 64 levels',
      },
      request: { method: 'POST', url: '/echo' },
      response: { statusCode: 400 },
    });
  });

  it('refuses arrays of more than maxItems', async () => {
    const res = await request(appWith({ limitBytes: 1024 * 1024 }))
      .post('/echo')
      .send({ items: new Array(100_000).fill(0) });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'request body has an array of more than 10000 items',
    );
  });

  it('refuses an oversized body with a 413 naming the limit', async () => {
    const res = await request(app)
      .post('/echo')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ big: 'x'.repeat(10 * 1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({
      name: 'PayloadTooLargeError',
      message: 'request body is larger than 64 KiB',
    });
  });

  it('refuses an oversized gzip body by its inflated size', async () => {
    const res = await request(app)
      .post('/echo')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .serialize(raw => raw)
      .send(gzipSync(JSON.stringify({ big: 'x'.repeat(1024 * 1024) })));
    expect(res.status).toBe(413);
  });

  it('answers a corrupt gzip body with a 400', async () => {
    const res = await request(app)
      .post('/echo')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send('{"not": "gzip"}');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^request body could not be read: /);
  });

  it('answers malformed JSON with a 400 that says so, without echoing the whole body', async () => {
    const res = await request(app)
      .post('/echo')
      .set('Content-Type', 'application/json')
      .send(`{"a": ${'x'.repeat(5000)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(/^request body is not valid JSON: /);
    expect(res.body.error.message.length).toBeLessThan(300);
    expect(JSON.stringify(res.body)).not.toContain('stack');
  });

  it('refuses a top-level JSON value that is not an object or array', async () => {
    const res = await request(app)
      .post('/echo')
      .set('Content-Type', 'application/json')
      .send('"just a string"');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^request body is not valid JSON/);
  });

  it('refuses charsets other than UTF-8 and unknown encodings with a 415', async () => {
    const latin1 = await request(app)
      .post('/echo')
      .set('Content-Type', 'application/json; charset=latin1')
      .send('{}');
    expect(latin1.status).toBe(415);
    expect(latin1.body.error.message).toBe(
      'request body must be JSON in UTF-8',
    );

    const utf16 = await request(app)
      .post('/echo')
      .set('Content-Type', 'application/json; charset=utf-16')
      .serialize(raw => raw)
      .send(Buffer.from('{}', 'utf16le'));
    expect(utf16.status).toBe(415);

    const compressed = await request(app)
      .post('/echo')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'zstd-from-the-future')
      .send('{}');
    expect(compressed.status).toBe(415);
    expect(compressed.body.error.message).toMatch(/Content-Encoding/);
  });

  it('refuses a NUL character in the URL', async () => {
    const res = await request(app).post('/echo?name=a%00b').send({});
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'request URL has a NUL character (%00), which cannot be stored',
    );
  });

  it('leaves requests without a JSON body to the routes', async () => {
    const res = await request(app)
      .post('/echo')
      .set('Content-Type', 'text/plain')
      .send('hello');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: {} });
  });
});
