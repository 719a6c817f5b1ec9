/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Set by the image build (APP_VERSION); absent in `npm run dev`. */
  readonly VITE_APP_VERSION?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
