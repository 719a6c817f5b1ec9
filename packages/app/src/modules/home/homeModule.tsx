import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
## Welcome to the Developer Portal

One place for every service the platform teams run: who owns it, what it
exposes, where it runs and how healthy it is.

- **Find a service** in the [service catalog](/catalog) and its
  [APIs](/api-docs), with owners, systems and dependencies.
- **Create a service** from a [golden-path template](/create): catalogued,
  documented and deployable from its first commit.
- **Read the docs**: every service's TechDocs are in [Docs](/docs); start with
  [how this portal works](/docs/default/component/developer-portal).
- **Watch what runs**: each service page shows its ArgoCD sync and health and
  its Kubernetes workloads.
`;

/** The portal's guide on the home page: what it offers and where to start. */
export const GettingStartedContent = () => <MarkdownContent content={content} />;

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Getting Started',
    description: 'What the portal offers and where to start',
    components: async () => ({
      Content: GettingStartedContent,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [gettingStartedWidget],
});
