import plugin from './plugin';

describe('the environments plugin', () => {
  // app-config.yaml refers to extensions by these ids; renaming one breaks it.
  it.each([
    'api:environments',
    'page:environments',
    'entity-card:environments/versions',
  ] as const)('provides %s', id => {
    expect(plugin.getExtension(id)).toBeDefined();
  });
});
