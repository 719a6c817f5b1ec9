import { AuditorService } from '@backstage/backend-plugin-api';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { JsonObject } from '@backstage/types';
import { CourseDocument } from '@internal/plugin-courses-common';

/** A valid course document for tests: two modules, three lessons. */
export function courseDocument(
  overrides: Partial<CourseDocument> = {},
): CourseDocument {
  return {
    id: 'writing-techdocs',
    title: 'Writing TechDocs',
    summary:
      'Keep documentation next to the code and publish it in the portal.',
    category: 'documentation',
    level: 'beginner',
    tags: ['techdocs', 'markdown'],
    estimatedMinutes: 30,
    owner: 'group:default/platform-team',
    prerequisites: [],
    modules: [
      {
        id: 'basics',
        title: 'Basics',
        lessons: [
          {
            id: 'why-docs-like-code',
            title: 'Why docs like code',
            type: 'markdown',
            body: 'Docs live in the repository, reviewed like code.',
          },
          {
            id: 'read-the-portal-docs',
            title: "Read the portal's docs",
            type: 'techdocs',
            entityRef: 'component:default/developer-portal',
            path: '',
          },
        ],
      },
      {
        id: 'practice',
        title: 'Practice',
        lessons: [
          {
            id: 'mkdocs-reference',
            title: 'The MkDocs reference',
            type: 'url',
            url: 'https://www.mkdocs.org/user-guide/',
          },
        ],
      },
    ],
    ...overrides,
  };
}

/**
 * A notification service that keeps what it was asked to send, in order;
 * with `failWith`, every send fails with that error instead.
 */
export function recordingNotifications(options: { failWith?: Error } = {}) {
  const sent: NotificationSendOptions[] = [];
  const service: NotificationService = {
    async send(notification) {
      if (options.failWith) {
        throw options.failWith;
      }
      sent.push(notification);
    },
  };
  return { service, sent };
}

/** An auditor event as it ended. */
export interface RecordedAuditEvent {
  eventId: string;
  severityLevel?: string;
  meta?: JsonObject;
  outcome: 'pending' | 'succeeded' | 'failed';
  /** The error a failed event carries. */
  error?: string;
}

/**
 * An auditor that keeps its events with their outcome, so that tests can
 * say what was audited rather than that the auditor was called.
 */
export function recordingAuditor() {
  const events: RecordedAuditEvent[] = [];
  const service: AuditorService = {
    async createEvent(options) {
      const event: RecordedAuditEvent = {
        eventId: options.eventId,
        severityLevel: options.severityLevel,
        meta: options.meta,
        outcome: 'pending',
      };
      events.push(event);
      return {
        async success() {
          event.outcome = 'succeeded';
        },
        async fail({ error }) {
          event.outcome = 'failed';
          event.error = `${error.name}: ${error.message}`;
        },
      };
    },
  };
  return { service, events };
}
