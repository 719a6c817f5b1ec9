import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { GettingStartedContent } from './homeModule';

describe('the home page guide', () => {
  it('links to the catalog, the templates and the portal docs', async () => {
    await renderInTestApp(<GettingStartedContent />);

    expect(
      screen.getByRole('heading', { name: 'Welcome to the Developer Portal' }),
    ).toBeInTheDocument();
    const targets = screen
      .getAllByRole('link')
      .map(link => link.getAttribute('href'));
    expect(targets).toEqual(
      expect.arrayContaining([
        '/catalog',
        '/api-docs',
        '/create',
        '/docs',
        '/docs/default/component/developer-portal',
      ]),
    );
  });
});
