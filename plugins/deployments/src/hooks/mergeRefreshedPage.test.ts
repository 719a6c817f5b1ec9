import { Deployment } from '@internal/plugin-deployments-common';
import { mergeRefreshedPage } from './mergeRefreshedPage';

function deployment(id: string, status: Deployment['status'] = 'succeeded') {
  return { id, status } as Deployment;
}

describe('mergeRefreshedPage', () => {
  it('puts new deployments on top and keeps the older loaded pages', () => {
    const loaded = {
      items: ['d5', 'd4', 'd3', 'd2', 'd1'].map(id => deployment(id)),
      nextCursor: 'after-d1',
    };
    const fresh = {
      items: ['d7', 'd6', 'd5'].map(id => deployment(id)),
      nextCursor: 'after-d5',
    };

    const merged = mergeRefreshedPage(loaded, fresh);

    expect(merged.items.map(d => d.id)).toEqual([
      'd7',
      'd6',
      'd5',
      'd4',
      'd3',
      'd2',
      'd1',
    ]);
    expect(merged.nextCursor).toBe('after-d1');
  });

  it('takes the fresh state of deployments that were updated', () => {
    const loaded = {
      items: [deployment('d2', 'in_progress'), deployment('d1')],
      nextCursor: 'after-d1',
    };
    const fresh = {
      items: [deployment('d2', 'succeeded'), deployment('d1')],
      nextCursor: 'after-d1',
    };

    expect(mergeRefreshedPage(loaded, fresh).items[0].status).toBe('succeeded');
  });

  it('starts over when the fresh page does not reach the loaded ones', () => {
    const loaded = { items: [deployment('d1')], nextCursor: 'after-d1' };
    const fresh = {
      items: [deployment('d9'), deployment('d8')],
      nextCursor: 'after-d8',
    };

    expect(mergeRefreshedPage(loaded, fresh)).toBe(fresh);
  });

  it('uses a complete fresh listing as it is', () => {
    const loaded = { items: [deployment('d2'), deployment('d1')] };
    const fresh = {
      items: [deployment('d3'), deployment('d2'), deployment('d1')],
    };

    expect(mergeRefreshedPage(loaded, fresh)).toBe(fresh);
  });
});
