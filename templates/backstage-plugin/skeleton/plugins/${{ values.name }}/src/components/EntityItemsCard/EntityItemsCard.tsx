import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Item,
  itemCreatePermission,
  itemDeletePermission,
  MAX_ITEM_TITLE_LENGTH,
} from '@internal/plugin-${{ values.name }}-common';
import { ErrorAlert, SectionCard, SubmitButton } from '@internal/portal-react';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import { FormEvent, useId, useState } from 'react';
import { ${{ values.camelName }}ApiRef } from '../../api';
import { useItems } from '../../hooks/useItems';
import { ItemList } from '../shared/ItemList';

/** Adds an item; shown to users who may add items to the entity. */
function NewItemForm(props: { entityRef: string; onAdded: () => void }) {
  const { entityRef, onAdded } = props;
  const api = useApi(${{ values.camelName }}ApiRef);
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  // MUI v4 labels its input only through an id.
  const inputId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.createItem({ entityRef, title });
      setTitle('');
      onAdded();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} aria-label="New item">
      <Box display="flex" alignItems="flex-start" style={{ gap: 8 }}>
        <TextField
          id={inputId}
          label="New item"
          value={title}
          onChange={event => setTitle(event.target.value)}
          inputProps={{ maxLength: MAX_ITEM_TITLE_LENGTH }}
          fullWidth
          size="small"
          variant="outlined"
        />
        <SubmitButton type="submit" busy={busy} disabled={!title.trim()}>
          Add
        </SubmitButton>
      </Box>
      {error && <ErrorAlert error={error} />}
    </form>
  );
}

/** The items of the entity whose page this is. */
export function EntityItemsCard() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(${{ values.camelName }}ApiRef);
  const items = useItems(entityRef);
  const canCreate = usePermission({
    permission: itemCreatePermission,
    resourceRef: entityRef,
  }).allowed;
  const canDelete = usePermission({
    permission: itemDeletePermission,
    resourceRef: entityRef,
  }).allowed;
  const [deleteError, setDeleteError] = useState<Error>();

  async function deleteItem(item: Item) {
    setDeleteError(undefined);
    try {
      await api.deleteItem(item.id);
      items.retry();
    } catch (e) {
      setDeleteError(e as Error);
    }
  }

  return (
    <SectionCard title="Items">
      {canCreate && <NewItemForm entityRef={entityRef} onAdded={items.retry} />}
      {items.loading && !items.value && <Progress />}
      {items.error && <ErrorAlert error={items.error} />}
      {deleteError && <ErrorAlert error={deleteError} />}
      {items.value && (
        <ItemList
          label={`Items of ${entity.metadata.name}`}
          items={items.value}
          onDelete={canDelete ? deleteItem : undefined}
        />
      )}
    </SectionCard>
  );
}
