export interface Config {
  app?: {
    signInPage?: {
      /**
       * The sign-in providers the sign-in page offers, in this order: `oidc`
       * (company SSO, auth.providers.oidc), `github` (auth.providers.github)
       * and `guest` (development only; the backend refuses it elsewhere).
       * Defaults to the guest alone.
       * @visibility frontend
       */
      providers?: Array<'oidc' | 'github' | 'guest'>;
    };
  };
}
