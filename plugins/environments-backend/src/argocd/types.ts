/**
 * The parts of an argoproj.io/v1alpha1 Application, as the ArgoCD REST API
 * returns it, that the environment manager reads. ArgoCD omits empty fields,
 * hence the optionals.
 */
export interface ArgoCdApplication {
  metadata: { name: string; namespace?: string };
  spec: {
    project?: string;
    destination?: { server?: string; name?: string; namespace?: string };
  };
  status?: {
    /** `Synced`, `OutOfSync` or `Unknown`. */
    sync?: { status?: string; revision?: string };
    summary?: { images?: string[] };
  };
}
