import { mockServices } from '@backstage/backend-test-utils';
import { EnrollmentChange } from '../database/EnrollmentStore';
import { recordingNotifications } from '../testUtils';
import { CourseNotifier } from './CourseNotifier';

const OSCAR = 'user:default/oscar';

function change(overrides: Partial<EnrollmentChange>): EnrollmentChange {
  return {
    enrollment: {
      courseId: 'writing-techdocs',
      courseTitle: 'Writing TechDocs',
      enrolledAt: '2026-01-01T00:00:00.000Z',
      progress: 0,
      completedLessonIds: [],
    },
    enrolled: false,
    completed: false,
    ...overrides,
  };
}

const enrolledNotification = {
  recipients: { type: 'entity', entityRef: OSCAR },
  payload: {
    title: 'You enrolled in "Writing TechDocs"',
    description: 'Your progress is saved as you complete its lessons.',
    link: '/learn/courses/writing-techdocs',
    severity: 'low',
    topic: 'course:writing-techdocs',
  },
};

const completedNotification = {
  recipients: { type: 'entity', entityRef: OSCAR },
  payload: {
    title: 'You completed "Writing TechDocs"',
    description: 'Every lesson is done. Well done!',
    link: '/learn/courses/writing-techdocs',
    severity: 'normal',
    topic: 'course:writing-techdocs',
  },
};

describe('CourseNotifier', () => {
  it('tells the learner, and only them, once that they enrolled', async () => {
    const notifications = recordingNotifications();
    const notifier = new CourseNotifier(
      notifications.service,
      mockServices.logger.mock(),
    );

    await notifier.notify(OSCAR, change({ enrolled: true }));

    expect(notifications.sent).toEqual([enrolledNotification]);
  });

  it('tells the learner once that they completed the course', async () => {
    const notifications = recordingNotifications();
    const notifier = new CourseNotifier(
      notifications.service,
      mockServices.logger.mock(),
    );

    await notifier.notify(OSCAR, change({ completed: true }));

    expect(notifications.sent).toEqual([completedNotification]);
  });

  it('sends both, enrolment first, when one lesson enrols and completes', async () => {
    const notifications = recordingNotifications();
    const notifier = new CourseNotifier(
      notifications.service,
      mockServices.logger.mock(),
    );

    await notifier.notify(OSCAR, change({ enrolled: true, completed: true }));

    expect(notifications.sent).toEqual([
      enrolledNotification,
      completedNotification,
    ]);
  });

  it('sends nothing for progress that neither enrols nor completes', async () => {
    const notifications = recordingNotifications();
    const notifier = new CourseNotifier(
      notifications.service,
      mockServices.logger.mock(),
    );

    await notifier.notify(OSCAR, change({}));

    expect(notifications.sent).toEqual([]);
  });

  it('logs a failed notification instead of failing the change', async () => {
    const notifications = recordingNotifications({
      failWith: new Error('notifications backend unavailable'),
    });
    const logger = mockServices.logger.mock();
    const notifier = new CourseNotifier(notifications.service, logger);

    await expect(
      notifier.notify(OSCAR, change({ enrolled: true, completed: true })),
    ).resolves.toBeUndefined();

    expect(logger.warn.mock.calls.map(([message]) => message)).toEqual([
      `Could not notify ${OSCAR} about course progress: notifications backend unavailable`,
      `Could not notify ${OSCAR} about course progress: notifications backend unavailable`,
    ]);
  });
});
