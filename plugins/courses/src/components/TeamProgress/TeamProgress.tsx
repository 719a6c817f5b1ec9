import {
  Content,
  ContentHeader,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { BreadcrumbEntry, useRouteRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { TeamCompletion } from '@internal/plugin-courses-common';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  FilterOption,
  FilterSelect,
  SectionCard,
  useSearchParam,
  useTeamOptions,
} from '@internal/portal-react';
import { formatDate } from '../../format';
import { useCourse } from '../../hooks/useCourse';
import { useMyGroups } from '../../hooks/useMyGroups';
import { useTeamCompletion } from '../../hooks/useTeamCompletion';
import { courseTeamRouteRef } from '../../routes';
import { CourseProgress } from '../shared/CourseProgress';

function MembersTable(props: { team: TeamCompletion; courseTitle: string }) {
  const { team } = props;
  return (
    <Table size="small" aria-label={`Progress of ${team.groupRef}`}>
      <TableHead>
        <TableRow>
          <TableCell>Member</TableCell>
          <TableCell>Progress</TableCell>
          <TableCell>Completed</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {team.items.map(member => (
          <TableRow key={member.userEntityRef}>
            {/* MUI marks body cells role="cell"; this one heads its row. */}
            <TableCell component="th" scope="row" role="rowheader">
              <EntityRefLink
                entityRef={member.userEntityRef}
                title={member.displayName}
              />
            </TableCell>
            <TableCell width="40%">
              {member.enrolled ? (
                <CourseProgress
                  progress={member.progress}
                  label={`Progress of ${
                    member.displayName ?? member.userEntityRef
                  } in ${props.courseTitle}`}
                />
              ) : (
                <Typography variant="body2" color="textSecondary">
                  Not enrolled
                </Typography>
              )}
            </TableCell>
            <TableCell>
              {member.completedAt ? formatDate(member.completedAt) : '—'}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * The catalog's teams; until they load, the chosen one. Without a choice, a
 * prompt comes first so that the select does not show a team it has not
 * loaded.
 */
function teamSelectOptions(
  group: string | undefined,
  teams: FilterOption[] | undefined,
): FilterOption[] {
  if (!group) {
    return [{ value: '', label: 'Choose a team' }, ...(teams ?? [])];
  }
  return teams ?? [{ value: group, label: group }];
}

/**
 * /learn/courses/:id/team?group=: how far each member of a team is in a
 * course. Members see their own teams; the course's owners and the
 * administrators any team.
 */
export function TeamProgress(props: { courseId: string }) {
  const { courseId } = props;
  const course = useCourse(courseId);
  const myGroups = useMyGroups();
  const teamOptions = useTeamOptions();
  const teamLink = useRouteRef(courseTeamRouteRef);
  const [groupParam, setGroup] = useSearchParam('group');
  const group = groupParam ?? myGroups.value?.[0];
  const team = useTeamCompletion(courseId, group);
  const courseTitle = course.value?.title ?? courseId;

  let content;
  if (team.error) {
    content = <ResponseErrorPanel error={team.error} />;
  } else if (!group) {
    content = myGroups.loading ? (
      <Progress />
    ) : (
      <Typography>Choose a team to see its progress.</Typography>
    );
  } else if (team.loading || !team.value) {
    content = <Progress />;
  } else {
    content = (
      <>
        <Typography paragraph>
          {`${team.value.completedCount} of ${team.value.memberCount} members completed the course.`}
        </Typography>
        <MembersTable team={team.value} courseTitle={courseTitle} />
      </>
    );
  }

  return (
    <BreadcrumbEntry
      entry={{
        label: `Team progress in ${courseTitle}`,
        href: teamLink?.({ id: courseId }) ?? '',
      }}
    >
      <Content>
        <ContentHeader title={`Team progress: ${courseTitle}`} />
        <SectionCard title="Members">
          <Box mb={2} maxWidth={360}>
            <FilterSelect
              label="Team"
              value={group ?? ''}
              options={teamSelectOptions(group, teamOptions.value)}
              onChange={value => setGroup(value || undefined)}
              error={teamOptions.error ? 'Could not load the teams' : undefined}
            />
          </Box>
          {content}
        </SectionCard>
      </Content>
    </BreadcrumbEntry>
  );
}
