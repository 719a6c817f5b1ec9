export interface Config {
  permission?: {
    portal?: {
      /**
       * Group entity refs whose members administer the portal: they may
       * unregister and delete any entity and perform every plugin's admin
       * actions. Defaults to group:default/platform-team.
       */
      adminGroups?: string[];
    };
  };
}
