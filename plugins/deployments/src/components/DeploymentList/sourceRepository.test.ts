import { Entity } from '@backstage/catalog-model';
import { githubCommitUrl, githubRepositoryUrl } from './sourceRepository';

function component(sourceLocation?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'course-service',
      annotations: sourceLocation
        ? { 'backstage.io/source-location': sourceLocation }
        : {},
    },
  };
}

describe('githubRepositoryUrl', () => {
  it.each([
    'url:https://github.com/acme-platform/course-service',
    'url:https://github.com/acme-platform/course-service/',
    'url:https://github.com/acme-platform/course-service/tree/main/',
    'url:https://github.com/acme-platform/course-service.git',
  ])('finds the repository in %p', sourceLocation => {
    expect(githubRepositoryUrl(component(sourceLocation))).toBe(
      'https://github.com/acme-platform/course-service',
    );
  });

  it.each([
    ['no source location', undefined],
    ['another host', 'url:https://gitlab.com/acme-platform/course-service'],
    ['an organization only', 'url:https://github.com/acme-platform'],
    ['a lookalike host', 'url:https://github.com.evil.example/a/b'],
    ['not a location ref', 'https github'],
  ])('finds none with %s', (_case, sourceLocation) => {
    expect(githubRepositoryUrl(component(sourceLocation))).toBeUndefined();
  });
});

describe('githubCommitUrl', () => {
  it('links the commit page', () => {
    expect(
      githubCommitUrl('https://github.com/acme-platform/course-service', 'abc'),
    ).toBe('https://github.com/acme-platform/course-service/commit/abc');
  });
});
