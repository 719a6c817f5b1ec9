import { Router } from 'express';
import { HttpError } from './errors.js';

export interface Item {
  id: string;
  name: string;
  createdAt: string;
}

const MAX_NAME_LENGTH = 100;

/** The example resource, kept in memory: replace it with the service's own. */
export class ItemStore {
  private readonly items = new Map<string, Item>();
  private nextId = 1;

  list(): Item[] {
    return [...this.items.values()];
  }

  get(id: string): Item | undefined {
    return this.items.get(id);
  }

  create(name: string): Item {
    const item = { id: String(this.nextId++), name, createdAt: new Date().toISOString() };
    this.items.set(item.id, item);
    return item;
  }
}

function parseNewItem(body: unknown): { name: string } {
  const name: unknown =
    body && typeof body === 'object' && 'name' in body ? body.name : undefined;
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME_LENGTH) {
    throw new HttpError(
      400,
      `name: must be a non-empty string of at most ${MAX_NAME_LENGTH} characters`,
    );
  }
  return { name };
}

/** Routes with their full paths, so that the metrics' route label is the whole route. */
export function createItemsRouter(store: ItemStore): Router {
  const router = Router();

  router.get('/api/items', (_req, res) => {
    res.json({ items: store.list() });
  });

  router.post('/api/items', (req, res) => {
    const { name } = parseNewItem(req.body);
    res.status(201).json(store.create(name));
  });

  router.get('/api/items/:id', (req, res) => {
    const item = store.get(req.params.id);
    if (!item) {
      throw new HttpError(404, `No item with id ${req.params.id}`);
    }
    res.json(item);
  });

  return router;
}
