import { searchTerms, toFts5Query, toTsQuery } from './fullText';

describe('fullText', () => {
  it('reduces a search to distinct lowercase words, dropping operators', () => {
    const terms = searchTerms('ArgoCD & "drift" | -sync* argocd');
    expect(terms).toEqual(['argocd', 'drift', 'sync']);
    expect(toTsQuery(terms)).toBe('argocd:* & drift:* & sync:*');
    expect(toFts5Query(terms)).toBe('"argocd"* "drift"* "sync"*');
  });

  it('refuses a search without words, naming the field', () => {
    expect(() => searchTerms(' !? ')).toThrow(
      'search: must contain a letter or digit',
    );
  });
});
