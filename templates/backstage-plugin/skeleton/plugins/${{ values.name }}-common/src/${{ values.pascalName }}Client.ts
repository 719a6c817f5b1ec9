import { PluginClientOptions, PluginRequester } from '@internal/portal-common';
import { Item, ItemList, ItemQuery, NewItem } from './types';

/** The ${{ values.name }} API, as its frontend and other callers use it. */
export interface ${{ values.pascalName }}Api {
  /** Items, newest first. */
  listItems(query?: ItemQuery): Promise<Item[]>;
  /** Adds an item to a catalog entity, as the signed-in user. */
  createItem(item: NewItem): Promise<Item>;
  deleteItem(id: string): Promise<void>;
}

/** The parts of Backstage's discovery and fetch APIs the client needs. */
export type ${{ values.pascalName }}ClientOptions = PluginClientOptions;

/** A typed client of the ${{ values.name }} backend's REST API. */
export class ${{ values.pascalName }}Client implements ${{ values.pascalName }}Api {
  private readonly requester: PluginRequester;

  constructor(options: ${{ values.pascalName }}ClientOptions) {
    this.requester = new PluginRequester('${{ values.name }}', options);
  }

  async listItems(query: ItemQuery = {}): Promise<Item[]> {
    const list = await this.requester.request<ItemList>('GET', '/items', {
      query,
    });
    return list.items;
  }

  createItem(item: NewItem): Promise<Item> {
    return this.requester.request('POST', '/items', { body: item });
  }

  deleteItem(id: string): Promise<void> {
    return this.requester.request('DELETE', `/items/${encodeURIComponent(id)}`);
  }
}
