import { unreachableReason } from './PrometheusHttpClient';

describe('unreachableReason', () => {
  it('is the system error code when there is one', () => {
    const error = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:9090'), {
        code: 'ECONNREFUSED',
      }),
    });
    expect(unreachableReason(error)).toBe('ECONNREFUSED');
  });

  it('never quotes a URL, which may carry credentials', () => {
    const error = new TypeError(
      'Request cannot be constructed from a URL that includes credentials: https://bob:s3cret@prom.example.com/api/v1/query',
    );
    const reason = unreachableReason(error);
    expect(reason).toBe(
      'Request cannot be constructed from a URL that includes credentials: <url>',
    );
    expect(reason).not.toContain('s3cret');
  });

  it('uses the cause message when the cause has no code', () => {
    const error = new TypeError('fetch failed', {
      cause: new Error('unexpected redirect to http://other.example.com/'),
    });
    expect(unreachableReason(error)).toBe('unexpected redirect to <url>');
  });
});
