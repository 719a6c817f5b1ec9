export interface Config {
  scaffolder?: {
    /**
     * The local publisher (`publish:local`): templates run without a
     * repository URL become git repositories in this directory, registered
     * in the catalog as file locations. Meant for the embedded default,
     * where there is no git host; leave it unset where templates publish
     * to a real git host.
     */
    localGit?: {
      /**
       * The directory the repositories are created in, one sub-directory
       * each. A relative path is resolved against the backend's working
       * directory (packages/backend under `yarn start`). It is created when
       * missing.
       */
      directory: string;
    };
  };
}
