import { LoggerService } from '@backstage/backend-plugin-api';
import { assertError } from '@backstage/errors';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { EnrollmentChange } from '../database/EnrollmentStore';

/** Where the frontend shows a course. */
export function coursePath(courseId: string): string {
  return `/learn/courses/${encodeURIComponent(courseId)}`;
}

/**
 * Tells learners about their enrolments and completions. Notifications are
 * a courtesy: failing to send one is logged and never fails the request.
 */
export class CourseNotifier {
  constructor(
    private readonly notifications: NotificationService,
    private readonly logger: LoggerService,
  ) {}

  async notify(userRef: string, change: EnrollmentChange): Promise<void> {
    const { courseId, courseTitle } = change.enrollment;
    if (change.enrolled) {
      await this.send(userRef, {
        title: `You enrolled in "${courseTitle}"`,
        description: 'Your progress is saved as you complete its lessons.',
        link: coursePath(courseId),
        severity: 'low',
        topic: `course:${courseId}`,
      });
    }
    if (change.completed) {
      await this.send(userRef, {
        title: `You completed "${courseTitle}"`,
        description: 'Every lesson is done. Well done!',
        link: coursePath(courseId),
        severity: 'normal',
        topic: `course:${courseId}`,
      });
    }
  }

  private async send(
    userRef: string,
    payload: Parameters<NotificationService['send']>[0]['payload'],
  ) {
    try {
      await this.notifications.send({
        recipients: { type: 'entity', entityRef: userRef },
        payload,
      });
    } catch (error) {
      assertError(error);
      this.logger.warn(
        `Could not notify ${userRef} about course progress: ${error.message}`,
      );
    }
  }
}
