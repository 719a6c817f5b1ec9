import { InfoCard } from '@backstage/core-components';
import { ReactNode } from 'react';

export interface SectionCardProps {
  title: string;
  subheader?: string;
  /** Top-right actions, e.g. the button that adds an item. */
  action?: ReactNode;
  children: ReactNode;
}

/** A card whose title is a real heading, so that it can be navigated to. */
export function SectionCard(props: SectionCardProps) {
  return (
    <InfoCard
      title={props.title}
      subheader={props.subheader}
      action={props.action}
      titleTypographyProps={{ component: 'h2' }}
    >
      {props.children}
    </InfoCard>
  );
}
