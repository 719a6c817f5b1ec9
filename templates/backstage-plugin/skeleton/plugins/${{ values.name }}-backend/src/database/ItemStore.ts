import { Item } from '@internal/plugin-${{ values.name }}-common';

export interface ItemListQuery {
  /** Only the items of this entity; a normalized (lowercased) ref. */
  entityRef?: string;
  limit: number;
}

/** What a new item is made of; the store adds the id and the time. */
export interface NewItemRecord {
  entityRef: string;
  title: string;
  createdBy: string;
}

/** The items of catalog entities. */
export interface ItemStore {
  /** Newest first. */
  listItems(query: ItemListQuery): Promise<Item[]>;
  getItem(id: string): Promise<Item | undefined>;
  createItem(item: NewItemRecord): Promise<Item>;
  /** Whether there was such an item. */
  deleteItem(id: string): Promise<boolean>;
}
