import { Content, Progress } from '@backstage/core-components';
import { ErrorAlert, SectionCard } from '@internal/portal-react';
import { useItems } from '../../hooks/useItems';
import { ItemList } from '../shared/ItemList';

/** The /${{ values.name }} page: the latest items of every entity. */
export function ItemsPage() {
  const items = useItems();
  return (
    <Content>
      <SectionCard title="Latest items">
        {items.loading && <Progress />}
        {items.error && <ErrorAlert error={items.error} />}
        {items.value && (
          <ItemList label="Latest items" items={items.value} showEntity />
        )}
      </SectionCard>
    </Content>
  );
}
