import plugin from './plugin';

describe('the courses plugin', () => {
  // app-config.yaml refers to extensions by these ids; renaming one breaks it.
  it.each([
    'api:courses',
    'page:courses',
    'entity-card:courses/learn',
  ] as const)('provides %s', id => {
    expect(plugin.getExtension(id)).toBeDefined();
  });
});
