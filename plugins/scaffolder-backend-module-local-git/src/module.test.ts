import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleLocalGit } from './module';

describe('scaffolderModuleLocalGit', () => {
  it.each([
    ['with', { scaffolder: { localGit: { directory: '/tmp/local-git' } } }],
    // Registered all the same, to fail with a message that says what to do.
    ['without', {}],
  ])(
    'registers publish:local %s a configured directory',
    async (_with, data) => {
      const actions: TemplateAction<any, any, any>[] = [];

      await startTestBackend({
        extensionPoints: [
          [
            scaffolderActionsExtensionPoint,
            {
              addActions: (...added: TemplateAction<any, any, any>[]) =>
                actions.push(...added),
            },
          ],
        ],
        features: [
          scaffolderModuleLocalGit,
          mockServices.rootConfig.factory({ data }),
          catalogServiceMock.factory(),
        ],
      });

      expect(actions.map(action => action.id)).toEqual(['publish:local']);
      expect(actions[0].schema?.input).toMatchObject({
        required: ['repoName'],
      });
    },
  );
});
