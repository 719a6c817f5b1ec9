import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { makeStyles } from '@material-ui/core/styles';
import { Environment } from '@internal/plugin-environments-common';
import { Fragment, ReactNode } from 'react';
import { ActorLink, RelativeTime, SectionCard } from '@internal/portal-react';
import { EnvironmentStatusChip } from '../shared/EnvironmentStatusChip';
import { TierChip } from '../shared/TierChip';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(3),
    rowGap: theme.spacing(1.5),
    margin: 0,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0, overflowWrap: 'anywhere' },
  },
}));

/** What an environment is: tier, owner, where it runs, and its life. */
export function AboutCard(props: { environment: Environment }) {
  const classes = useStyles();
  const { environment } = props;
  const facts: [string, ReactNode][] = [
    ['Tier', <TierChip tier={environment.tier} />],
    [
      'Owner',
      <EntityRefLink entityRef={environment.owner} defaultKind="group" />,
    ],
    ['Status', <EnvironmentStatusChip status={environment.status} />],
  ];
  if (environment.expiresAt) {
    facts.push(['Expires', <RelativeTime timestamp={environment.expiresAt} />]);
  }
  if (environment.entityRef) {
    facts.push([
      'Catalog',
      <EntityRefLink
        entityRef={environment.entityRef}
        defaultKind="resource"
      />,
    ]);
  }
  if (environment.kubernetes) {
    const { cluster, namespace } = environment.kubernetes;
    facts.push(['Kubernetes', `${cluster} / ${namespace}`]);
  }
  if (environment.argocd) {
    facts.push(['ArgoCD project', environment.argocd.project]);
  }
  if (environment.createdBy) {
    facts.push(['Created by', <ActorLink actor={environment.createdBy} />]);
  }
  if (environment.createdAt) {
    facts.push(['Created', <RelativeTime timestamp={environment.createdAt} />]);
  }
  return (
    <SectionCard title="About">
      <dl className={classes.facts}>
        {facts.map(([term, description]) => (
          <Fragment key={term}>
            <dt>{term}</dt>
            <dd>{description}</dd>
          </Fragment>
        ))}
      </dl>
    </SectionCard>
  );
}
