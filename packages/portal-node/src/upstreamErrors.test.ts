import {
  InputError,
  NotFoundError,
  ResponseError,
  serializeError,
} from '@backstage/errors';
import { callUpstream, toUpstreamError } from './upstreamErrors';

/** What a Backstage client throws for an answer of `status`. */
async function responseError(status: number, message: string) {
  return ResponseError.fromResponse(
    Response.json(
      {
        error: {
          name: 'InputError',
          message,
          stack: 'at secret (catalog.ts:1)',
        },
        request: { method: 'GET', url: '/entities/by-name/group/default/x' },
        response: { statusCode: status },
      },
      { status, statusText: 'Whatever' },
    ),
  );
}

describe('toUpstreamError', () => {
  it("turns an upstream 4xx about the caller's input into a 400 naming the field", async () => {
    const error = toUpstreamError(
      'the catalog',
      await responseError(400, 'Invalid entity name'),
      { inputField: 'owner' },
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'owner: the catalog refused it (Invalid entity name)',
    );
    // Nothing of the upstream's answer rides along.
    const serialized = serializeError(error);
    expect(serialized.cause).toBeUndefined();
    expect(JSON.stringify(serialized)).not.toMatch(/stack|catalog\.ts|request/);
  });

  it('turns an upstream 5xx, or a 4xx without an input field, into a 503', async () => {
    for (const [status, inputField] of [
      [500, 'owner'],
      [503, undefined],
      [401, 'owner'],
      [400, undefined],
    ] as const) {
      const error = toUpstreamError(
        'the catalog',
        await responseError(status, 'boom'),
        { inputField },
      );
      expect({ status, name: error.name, message: error.message }).toEqual({
        status,
        name: 'ServiceUnavailableError',
        message: 'the catalog is unavailable',
      });
      expect(serializeError(error).cause).toBeUndefined();
    }
  });

  it('turns a refused connection or a timeout into a 503, and tells the logger', () => {
    const warn = jest.fn();
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
        code: 'ECONNREFUSED',
      }),
    });
    const error = toUpstreamError('ArgoCD', refused, { logger: { warn } });
    expect(error.message).toBe('ArgoCD is unavailable');
    expect(serializeError(error).cause).toBeUndefined();
    expect(warn).toHaveBeenCalledWith('A call to ArgoCD failed', refused);

    const timeout = new DOMException('The operation timed out', 'TimeoutError');
    expect(toUpstreamError('ArgoCD', timeout).message).toBe(
      'ArgoCD is unavailable',
    );
  });

  it("passes the portal's own errors through unchanged", () => {
    const own = new NotFoundError('name: no environment named x');
    expect(toUpstreamError('the catalog', own)).toBe(own);
  });
});

describe('callUpstream', () => {
  it('returns what the call returns', async () => {
    await expect(callUpstream('the catalog', async () => 42)).resolves.toBe(42);
  });

  it('fails with the clean error', async () => {
    const failure = await responseError(400, 'Invalid entity name');
    await expect(
      callUpstream(
        'the catalog',
        async () => {
          throw failure;
        },
        { inputField: 'groupRef' },
      ),
    ).rejects.toThrow('groupRef: the catalog refused it (Invalid entity name)');
  });
});
