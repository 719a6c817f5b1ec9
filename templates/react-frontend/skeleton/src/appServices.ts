import { createContext, useContext } from 'react';
import type { ApiClient } from './api/client';
import type { RuntimeConfig } from './config';

/** What every page may use: the runtime configuration and the API client. */
export interface AppServices {
  config: RuntimeConfig;
  api: ApiClient;
}

/** Provided once at the root (src/main.tsx), and by tests. */
export const AppServicesContext = createContext<AppServices | undefined>(
  undefined,
);

export function useAppServices(): AppServices {
  const services = useContext(AppServicesContext);
  if (!services) {
    throw new Error('useAppServices needs an AppServicesContext provider');
  }
  return services;
}
