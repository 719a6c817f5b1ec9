import {
  ApiBlueprint,
  createApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { ${{ values.pascalName }}Api, ${{ values.pascalName }}Client } from '@internal/plugin-${{ values.name }}-common';

/** The ${{ values.name }} backend's API: the items of catalog entities. */
export const ${{ values.camelName }}ApiRef = createApiRef<${{ values.pascalName }}Api>().with({
  id: 'plugin.${{ values.name }}',
});

/** Installs the typed REST client of the ${{ values.name }} backend. */
export const ${{ values.camelName }}Api = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: ${{ values.camelName }}ApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ${{ values.pascalName }}Client({ discoveryApi, fetchApi }),
    }),
});
