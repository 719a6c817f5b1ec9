import { getRecommendedCourses, parseRecommendedCourses } from './annotations';

describe('parseRecommendedCourses', () => {
  it('splits, trims, lowercases and dedupes, skipping what is not an id', () => {
    expect(
      parseRecommendedCourses(
        ' Writing-TechDocs, ,deploying-with-argocd,bad id,writing-techdocs',
      ),
    ).toEqual(['writing-techdocs', 'deploying-with-argocd']);
  });

  it('reads nothing from a missing annotation', () => {
    expect(parseRecommendedCourses(undefined)).toEqual([]);
    expect(getRecommendedCourses({ metadata: {} })).toEqual([]);
  });

  it('reads the annotation of an entity', () => {
    expect(
      getRecommendedCourses({
        metadata: { annotations: { 'courses/recommended': 'a,b' } },
      }),
    ).toEqual(['a', 'b']);
  });
});
