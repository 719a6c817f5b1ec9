import plugin from './plugin';

describe('the ${{ values.name }} plugin', () => {
  // app-config.yaml refers to extensions by these ids; renaming one breaks it.
  it.each([
    'api:${{ values.name }}',
    'page:${{ values.name }}',
    'entity-card:${{ values.name }}/items',
  ] as const)('provides %s', id => {
    expect(plugin.getExtension(id)).toBeDefined();
  });
});
