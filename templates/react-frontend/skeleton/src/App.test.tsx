import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { App } from './App';
import { renderApp } from './test/renderApp';

const api = { getHealth: vi.fn(async () => ({ status: 'ok' })) };

describe('App', () => {
  it('starts on the home page and navigates to the health page', async () => {
    renderApp(<App />, { api });
    expect(
      screen.getByRole('heading', { level: 1, name: 'Welcome' }),
    ).toBeInTheDocument();

    const nav = screen.getByRole('navigation', { name: 'Main' });
    await userEvent.click(within(nav).getByRole('link', { name: 'Health' }));

    expect(
      screen.getByRole('heading', { level: 1, name: 'Health' }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('Up (ok)'),
    );
  });

  it('answers unknown paths with a not-found page', () => {
    renderApp(<App />, { api, path: '/no/such/page' });

    expect(
      screen.getByRole('heading', { name: 'Page not found' }),
    ).toBeInTheDocument();
  });
});
