import { PluginClientOptions, PluginRequester } from '@internal/portal-common';
import {
  Course,
  CourseDocument,
  CourseFacets,
  CourseList,
  CourseLocationList,
  CourseQuery,
  Enrollment,
  EnrollmentList,
  LessonProgressRequest,
  TeamCompletion,
} from './types';

/** The learning courses API, as its frontend and other callers use it. */
export interface CoursesApi {
  /** The catalog, filtered and (with `search`) ranked, one page at a time. */
  listCourses(query?: CourseQuery): Promise<CourseList>;
  /** Every category, level and tag of the catalog, with course counts. */
  getFacets(): Promise<CourseFacets>;
  getCourse(id: string): Promise<Course>;
  /** Needs `course.manage` on the new course. */
  createCourse(course: CourseDocument): Promise<Course>;
  /** Replaces a course authored through the API; `course.id` must be `id`. */
  updateCourse(id: string, course: CourseDocument): Promise<Course>;
  deleteCourse(id: string): Promise<void>;

  /** Enrols the signed-in user; enrolling again returns the enrolment. */
  enroll(courseId: string): Promise<Enrollment>;
  /** Leaves a course, forgetting its progress. */
  unenroll(courseId: string): Promise<void>;
  /** Marks a lesson (un)done for the signed-in user, enrolling them if needed. */
  setLessonProgress(
    courseId: string,
    request: LessonProgressRequest,
  ): Promise<Enrollment>;
  listMyEnrollments(): Promise<EnrollmentList>;

  /** How far each member of a group is in a course. */
  getTeamCompletion(
    courseId: string,
    groupRef: string,
  ): Promise<TeamCompletion>;
  /** The configured YAML locations and how their last refresh went. */
  listLocations(): Promise<CourseLocationList>;
}

/** The parts of Backstage's discovery and fetch APIs the client needs. */
export type CoursesClientOptions = PluginClientOptions;

/** A typed client of the courses backend's REST API. */
export class CoursesClient implements CoursesApi {
  private readonly requester: PluginRequester;

  constructor(options: CoursesClientOptions) {
    this.requester = new PluginRequester('courses', options);
  }

  listCourses(query: CourseQuery = {}): Promise<CourseList> {
    return this.requester.request('GET', '/courses', { query });
  }

  getCourse(id: string): Promise<Course> {
    return this.requester.request('GET', `/courses/${enc(id)}`);
  }

  createCourse(course: CourseDocument): Promise<Course> {
    return this.requester.request('POST', '/courses', { body: course });
  }

  updateCourse(id: string, course: CourseDocument): Promise<Course> {
    return this.requester.request('PUT', `/courses/${enc(id)}`, {
      body: course,
    });
  }

  deleteCourse(id: string): Promise<void> {
    return this.requester.request('DELETE', `/courses/${enc(id)}`);
  }

  enroll(courseId: string): Promise<Enrollment> {
    return this.requester.request(
      'POST',
      `/courses/${enc(courseId)}/enrollment`,
    );
  }

  unenroll(courseId: string): Promise<void> {
    return this.requester.request(
      'DELETE',
      `/courses/${enc(courseId)}/enrollment`,
    );
  }

  setLessonProgress(
    courseId: string,
    request: LessonProgressRequest,
  ): Promise<Enrollment> {
    return this.requester.request(
      'POST',
      `/courses/${enc(courseId)}/progress`,
      {
        body: request,
      },
    );
  }

  listMyEnrollments(): Promise<EnrollmentList> {
    return this.requester.request('GET', '/me/enrollments');
  }

  getTeamCompletion(
    courseId: string,
    groupRef: string,
  ): Promise<TeamCompletion> {
    return this.requester.request(
      'GET',
      `/courses/${enc(courseId)}/teams/${enc(groupRef)}`,
    );
  }

  listLocations(): Promise<CourseLocationList> {
    return this.requester.request('GET', '/locations');
  }

  getFacets(): Promise<CourseFacets> {
    return this.requester.request('GET', '/facets');
  }
}

/** Path segments are encoded whole: group refs contain `:` and `/`. */
function enc(segment: string): string {
  return encodeURIComponent(segment);
}
