import plugin from './plugin';

describe('the deployments plugin', () => {
  // app-config.yaml refers to extensions by these ids; renaming one breaks it.
  it.each([
    'api:deployments',
    'page:deployments',
    'entity-content:deployments/history',
    'entity-card:deployments/current-versions',
  ] as const)('provides %s', id => {
    expect(plugin.getExtension(id)).toBeDefined();
  });
});
