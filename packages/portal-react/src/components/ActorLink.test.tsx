import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { ActorLink } from './ActorLink';

function renderActor(actor: string) {
  return renderInTestApp(
    <div data-testid="actor">
      <ActorLink actor={actor} />
    </div>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('ActorLink', () => {
  it("links a user to the user's catalog page", async () => {
    await renderActor('user:default/jane.doe');
    const link = await screen.findByRole('link', { name: 'jane.doe' });
    expect(link).toHaveAttribute('href', '/catalog/default/user/jane.doe');
  });

  it('recognises users whatever the case of the kind', async () => {
    await renderActor('User:default/jane.doe');
    expect(await screen.findByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/user/jane.doe',
    );
  });

  it.each([
    ['a service', 'service:environments'],
    ['a group', 'group:default/platform-team'],
    ['something that is not an entity ref', 'github-actions'],
    ['an unparseable ref', 'user:'],
  ])('shows %s as plain text', async (_, actor) => {
    await renderActor(actor);
    expect(await screen.findByTestId('actor')).toHaveTextContent(actor);
    expect(screen.queryByRole('link')).toBeNull();
  });
});
