import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Item } from '@internal/plugin-${{ values.name }}-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { ItemListQuery, ItemStore, NewItemRecord } from './ItemStore';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-${{ values.name }}-backend',
  'migrations',
);

const ITEMS = 'items';

/** PostgreSQL returns a Date; SQLite the epoch milliseconds (see migration). */
type DbTimestamp = Date | number | string;

interface ItemRow {
  id: string;
  entity_ref: string;
  title: string;
  created_by: string;
  created_at: DbTimestamp;
}

function toItem(row: ItemRow): Item {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    title: row.title,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** Items in SQLite or PostgreSQL through knex. */
export class KnexItemStore implements ItemStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<KnexItemStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new KnexItemStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async listItems(query: ItemListQuery): Promise<Item[]> {
    const rows = await this.db<ItemRow>(ITEMS)
      .modify(builder => {
        if (query.entityRef) {
          builder.where({ entity_ref: query.entityRef });
        }
      })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(query.limit);
    return rows.map(toItem);
  }

  async getItem(id: string): Promise<Item | undefined> {
    const row = await this.db<ItemRow>(ITEMS).where({ id }).first();
    return row && toItem(row);
  }

  async createItem(item: NewItemRecord): Promise<Item> {
    const row: ItemRow = {
      id: randomUUID(),
      entity_ref: item.entityRef,
      title: item.title,
      created_by: item.createdBy,
      created_at: new Date(),
    };
    await this.db<ItemRow>(ITEMS).insert(row);
    return toItem(row);
  }

  async deleteItem(id: string): Promise<boolean> {
    const deleted = await this.db<ItemRow>(ITEMS).where({ id }).delete();
    return deleted > 0;
  }
}
