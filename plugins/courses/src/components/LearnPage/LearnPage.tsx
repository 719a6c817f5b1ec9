import { Route, Routes, useParams } from 'react-router-dom';
import { CourseCatalog } from '../CourseCatalog';
import { CourseEditor } from '../CourseEditor';
import { CoursePage } from '../CoursePage';
import { MyLearning } from '../MyLearning';
import { TeamProgress } from '../TeamProgress';

/**
 * Keyed by course id: following a prerequisite link swaps the course, and
 * nothing of the previous one's state (its enrolment, dialogs) may remain.
 */
function CourseRoute(props: { view: 'course' | 'team' | 'edit' }) {
  const { id = '' } = useParams();
  switch (props.view) {
    case 'team':
      return <TeamProgress key={id} courseId={id} />;
    case 'edit':
      return <CourseEditor key={id} courseId={id} />;
    case 'course':
    default:
      return <CoursePage key={id} courseId={id} />;
  }
}

/**
 * /learn: the catalog; /learn/courses/:id a course, with its team progress
 * and editor below it; /learn/me the user's enrolments; /learn/new a new
 * course.
 */
export function LearnPage() {
  return (
    <Routes>
      <Route path="/" element={<CourseCatalog />} />
      <Route path="/me" element={<MyLearning />} />
      <Route path="/new" element={<CourseEditor />} />
      <Route path="/courses/:id" element={<CourseRoute view="course" />} />
      <Route path="/courses/:id/team" element={<CourseRoute view="team" />} />
      <Route path="/courses/:id/edit" element={<CourseRoute view="edit" />} />
    </Routes>
  );
}
