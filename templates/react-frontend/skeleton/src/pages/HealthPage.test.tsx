import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { renderApp, testConfig } from '../test/renderApp';
import { HealthPage } from './HealthPage';

describe('HealthPage', () => {
  it("shows the environment, the backend and the backend's status", async () => {
    const api = { getHealth: vi.fn(async () => ({ status: 'ok' })) };

    renderApp(<HealthPage />, {
      api,
      config: { ...testConfig, environment: 'staging' },
    });

    expect(screen.getByText('staging')).toBeInTheDocument();
    expect(screen.getByText('https://api.example.com')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('Up (ok)'),
    );
  });

  it('says why the backend is unreachable', async () => {
    const api = {
      getHealth: vi.fn(async () => {
        throw new ApiError('database down', 503);
      }),
    };

    renderApp(<HealthPage />, { api });

    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('Unreachable: database down'),
    );
  });
});
