import { useRouteRef } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import { myLearningRouteRef, rootRouteRef } from '../../routes';
import { ButtonLink } from './ButtonLink';

function TabLink(props: { to: string; current: boolean; label: string }) {
  return (
    <ButtonLink
      to={props.to}
      color={props.current ? 'primary' : 'default'}
      variant={props.current ? 'outlined' : 'text'}
      aria-current={props.current ? 'page' : undefined}
    >
      {props.label}
    </ButtonLink>
  );
}

/**
 * Links between the catalog and the user's own courses. Links, not tabs:
 * each is a page with its own URL.
 */
export function LearnTabs(props: { current: 'catalog' | 'me' }) {
  const catalogLink = useRouteRef(rootRouteRef);
  const myLearningLink = useRouteRef(myLearningRouteRef);
  return (
    <Box component="nav" aria-label="Learn" display="flex" gridGap={8} mb={2}>
      <TabLink
        to={catalogLink?.() ?? ''}
        current={props.current === 'catalog'}
        label="Catalog"
      />
      <TabLink
        to={myLearningLink?.() ?? ''}
        current={props.current === 'me'}
        label="My learning"
      />
    </Box>
  );
}
