import { courseConditions, isCourseOwner } from './permissions';

describe('isCourseOwner', () => {
  const course = { owner: 'group:default/learning-team' } as any;

  it('allows courses owned by one of the claims, ignoring case', () => {
    expect(
      isCourseOwner.apply(course, { claims: ['Group:default/Learning-Team'] }),
    ).toBe(true);
    expect(
      isCourseOwner.apply(course, { claims: ['group:default/payments-team'] }),
    ).toBe(false);
  });

  it('builds the condition policies return', () => {
    expect(
      courseConditions.isCourseOwner({ claims: ['user:default/a'] }),
    ).toEqual({
      rule: 'IS_COURSE_OWNER',
      resourceType: 'course',
      params: { claims: ['user:default/a'] },
    });
  });
});
