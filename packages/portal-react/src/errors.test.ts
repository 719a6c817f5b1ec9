import { ResponseError } from '@backstage/errors';
import { errorMessage, errorStatus } from './errors';

async function responseError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'ConflictError', message },
        response: { statusCode: status },
      }),
      {
        status,
        statusText: 'Conflict',
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

describe('errors', () => {
  it("prefers the backend's message to the HTTP summary", async () => {
    const error = await responseError(
      409,
      'production is locked: Release freeze',
    );
    expect(error.message).toBe('Request failed with 409 Conflict');
    expect(errorMessage(error)).toBe('production is locked: Release freeze');
    expect(errorStatus(error)).toBe(409);
  });

  it('passes other errors through', () => {
    const error = new TypeError('Failed to fetch');
    expect(errorMessage(error)).toBe('Failed to fetch');
    expect(errorStatus(error)).toBeUndefined();
  });
});
