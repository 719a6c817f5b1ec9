import { applicationImage } from './images';

describe('applicationImage', () => {
  it("prefers the image named like the application over sidecars'", () => {
    expect(
      applicationImage(
        [
          'docker.io/envoyproxy/envoy:v1.31.0',
          'ghcr.io/acme/course-service:2.4.1',
        ],
        'course-service',
      ),
    ).toEqual({ image: 'ghcr.io/acme/course-service:2.4.1', tag: '2.4.1' });
  });

  it('takes the only tagged image whatever its name', () => {
    expect(applicationImage(['ghcr.io/acme/api:5f2c9e1'], 'jobs-api')).toEqual({
      image: 'ghcr.io/acme/api:5f2c9e1',
      tag: '5f2c9e1',
    });
  });

  it('reads tags behind a registry port and before a digest', () => {
    expect(
      applicationImage(
        ['localhost:5000/team/jobs-api:1.2.3@sha256:0123abcd'],
        'jobs-api',
      ),
    ).toEqual({
      image: 'localhost:5000/team/jobs-api:1.2.3@sha256:0123abcd',
      tag: '1.2.3',
    });
  });

  it('guesses nothing when several images could be the application', () => {
    expect(
      applicationImage(['ghcr.io/acme/a:1.0.0', 'ghcr.io/acme/b:2.0.0'], 'c'),
    ).toBeUndefined();
  });

  it('ignores untagged and digest-only images', () => {
    expect(
      applicationImage(
        ['ghcr.io/acme/jobs-api', 'ghcr.io/acme/jobs-api@sha256:0123abcd'],
        'jobs-api',
      ),
    ).toBeUndefined();
    expect(applicationImage(undefined, 'jobs-api')).toBeUndefined();
  });
});
