import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { createApiClient } from './api/client';
import { App } from './App';
import { AppServicesContext } from './appServices';
import { loadRuntimeConfig } from './config';
import './index.css';

const root = createRoot(document.getElementById('root')!);

loadRuntimeConfig().then(
  config => {
    const api = createApiClient({ baseUrl: config.apiBaseUrl });
    root.render(
      <StrictMode>
        <AppServicesContext.Provider value={{ config, api }}>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </AppServicesContext.Provider>
      </StrictMode>,
    );
  },
  (error: Error) => {
    // Without its configuration the app cannot call anything: say why.
    root.render(
      <main>
        <h1>This app is not configured</h1>
        <p role="alert">{error.message}</p>
      </main>,
    );
  },
);
