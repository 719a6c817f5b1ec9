import { parseEntityRef } from '@backstage/catalog-model';

/*
 * Lessons point into TechDocs and the scaffolder by entity ref. Both live at
 * fixed paths of the app (/docs and /create), so the links are built here
 * rather than through route refs the plugin would have to have bound.
 */

function entityPath(ref: string, defaultKind: string): string {
  const { kind, namespace, name } = parseEntityRef(ref, {
    defaultKind,
    defaultNamespace: 'default',
  });
  return [namespace, kind, name]
    .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
    .join('/');
}

/** `/docs/default/component/portal/getting-started/` for a docs page. */
export function techDocsPath(entityRef: string, path: string): string {
  const page = path
    .replace(/^\/+/, '')
    .split('/')
    .map(segment => encodeURIComponent(segment))
    .join('/');
  return `/docs/${entityPath(entityRef, 'component')}/${page}`;
}

/** `/create/templates/default/node-service`: the template's form. */
export function templatePath(templateRef: string): string {
  const { namespace, name } = parseEntityRef(templateRef, {
    defaultKind: 'template',
    defaultNamespace: 'default',
  });
  return `/create/templates/${encodeURIComponent(
    namespace,
  )}/${encodeURIComponent(name)}`;
}
