/** An item attached to a catalog entity: the plugin's example resource. */
export interface Item {
  id: string;
  /** The entity it belongs to, e.g. `component:default/course-service`. */
  entityRef: string;
  title: string;
  /** The user who created it. */
  createdBy: string;
  /** ISO 8601. */
  createdAt: string;
}

/** `POST /items`. */
export interface NewItem {
  entityRef: string;
  title: string;
}

/** `GET /items`: newest first. */
export interface ItemList {
  items: Item[];
}

/** The query of `GET /items`. */
export interface ItemQuery {
  /** Only the items of this entity. */
  entityRef?: string;
  /** At most this many; 1 to 100, 20 by default. */
  limit?: number;
}

/** The longest title the backend accepts. */
export const MAX_ITEM_TITLE_LENGTH = 200;
