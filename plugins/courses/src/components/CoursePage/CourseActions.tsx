import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { Course } from '@internal/plugin-courses-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import EditIcon from '@material-ui/icons/Edit';
import GroupIcon from '@material-ui/icons/Group';
import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ConfirmDialog } from '@internal/portal-react';
import { coursesApiRef } from '../../api';
import { useCanManageCourse } from '../../hooks/useCanManageCourse';
import {
  courseTeamRouteRef,
  editCourseRouteRef,
  rootRouteRef,
} from '../../routes';
import { ButtonLink } from '../shared/ButtonLink';

/**
 * Team progress for everyone (members see their own team); editing and
 * deleting for those who may manage the course, when it is written in the
 * portal: courses from repositories change in their file.
 */
export function CourseActions(props: { course: Course }) {
  const { course } = props;
  const api = useApi(coursesApiRef);
  const navigate = useNavigate();
  const canManage = useCanManageCourse(course.id);
  const teamLink = useRouteRef(courseTeamRouteRef);
  const editLink = useRouteRef(editCourseRouteRef);
  const catalogLink = useRouteRef(rootRouteRef);
  const [deleting, setDeleting] = useState(false);
  const closeDelete = useCallback(() => setDeleting(false), []);
  const deleteCourse = useCallback(async () => {
    await api.deleteCourse(course.id);
    navigate(catalogLink?.() ?? '/');
  }, [api, course.id, navigate, catalogLink]);
  const editable = canManage && course.source === 'api';

  return (
    <Box display="flex" gridGap={8} flexWrap="wrap">
      {teamLink && (
        <ButtonLink to={teamLink({ id: course.id })} startIcon={<GroupIcon />}>
          Team progress
        </ButtonLink>
      )}
      {editable && editLink && (
        <ButtonLink to={editLink({ id: course.id })} startIcon={<EditIcon />}>
          Edit
        </ButtonLink>
      )}
      {editable && (
        <Button startIcon={<DeleteIcon />} onClick={() => setDeleting(true)}>
          Delete
        </Button>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${course.title}?`}
          confirmLabel="Delete"
          onConfirm={deleteCourse}
          onClose={closeDelete}
        >
          <Typography>
            The course and everyone&apos;s progress in it are deleted.
          </Typography>
        </ConfirmDialog>
      )}
    </Box>
  );
}
