import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Item } from '@internal/plugin-${{ values.name }}-common';
import { ActorLink, RelativeTime } from '@internal/portal-react';
import IconButton from '@material-ui/core/IconButton';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemSecondaryAction from '@material-ui/core/ListItemSecondaryAction';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';

export interface ItemListProps {
  /** Names the list for assistive technology. */
  label: string;
  items: Item[];
  /** Links each item to its entity; off where the entity is the page's. */
  showEntity?: boolean;
  /** Offers deleting an item; absent where the user may not. */
  onDelete?: (item: Item) => void;
}

/** Items, newest first, with their author and age. */
export function ItemList(props: ItemListProps) {
  const { label, items, showEntity, onDelete } = props;
  if (items.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No items yet.
      </Typography>
    );
  }
  return (
    <List aria-label={label} dense>
      {items.map(item => (
        <ListItem key={item.id} divider>
          <ListItemText
            primary={item.title}
            secondary={
              <>
                {showEntity && (
                  <>
                    <EntityRefLink entityRef={item.entityRef} /> ·{' '}
                  </>
                )}
                <ActorLink actor={item.createdBy} />,{' '}
                <RelativeTime timestamp={item.createdAt} />
              </>
            }
          />
          {onDelete && (
            <ListItemSecondaryAction>
              <IconButton
                edge="end"
                aria-label={`Delete ${item.title}`}
                onClick={() => onDelete(item)}
              >
                <DeleteIcon />
              </IconButton>
            </ListItemSecondaryAction>
          )}
        </ListItem>
      ))}
    </List>
  );
}
