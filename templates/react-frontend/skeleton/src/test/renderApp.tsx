import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import type { ApiClient } from '../api/client';
import { AppServicesContext } from '../appServices';
import type { RuntimeConfig } from '../config';

export const testConfig: RuntimeConfig = {
  environment: 'test',
  apiBaseUrl: 'https://api.example.com',
};

/** Renders `element` at `path` with the given API client and config. */
export function renderApp(
  element: ReactElement,
  options: { api: ApiClient; path?: string; config?: RuntimeConfig },
) {
  return render(
    <AppServicesContext.Provider
      value={{ api: options.api, config: options.config ?? testConfig }}
    >
      <MemoryRouter initialEntries={[options.path ?? '/']}>
        {element}
      </MemoryRouter>
    </AppServicesContext.Provider>,
  );
}
