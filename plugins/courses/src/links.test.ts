import { techDocsPath, templatePath } from './links';

describe('techDocsPath', () => {
  it('opens a page of the entity’s docs', () => {
    expect(
      techDocsPath('component:default/developer-portal', 'getting-started/'),
    ).toBe('/docs/default/component/developer-portal/getting-started/');
  });

  it('opens the index for an empty path', () => {
    expect(techDocsPath('component:default/developer-portal', '')).toBe(
      '/docs/default/component/developer-portal/',
    );
  });

  it('completes and lowercases short refs', () => {
    expect(techDocsPath('Course-Service', 'api/')).toBe(
      '/docs/default/component/course-service/api/',
    );
  });

  it('encodes each segment of the path', () => {
    expect(techDocsPath('component:default/portal', 'a b/c?d')).toBe(
      '/docs/default/component/portal/a%20b/c%3Fd',
    );
  });
});

describe('templatePath', () => {
  it("opens the template's form", () => {
    expect(templatePath('template:default/node-service')).toBe(
      '/create/templates/default/node-service',
    );
  });
});
