import { CourseModule } from '@internal/plugin-courses-common';
import { SectionCard } from '@internal/portal-react';
import { LessonAccordion } from './LessonAccordion';

export interface ModuleSectionProps {
  module: CourseModule;
  /** The module's place in the course, from 1. */
  position: number;
  completedLessonIds: ReadonlySet<string>;
  onDoneChange(lessonId: string, done: boolean): Promise<void>;
}

/** A module of a course: its lessons in order, with how many are done. */
export function ModuleSection(props: ModuleSectionProps) {
  const { module, position, completedLessonIds, onDoneChange } = props;
  const doneCount = module.lessons.filter(lesson =>
    completedLessonIds.has(lesson.id),
  ).length;
  return (
    <SectionCard
      title={`${position}. ${module.title}`}
      subheader={`${doneCount} of ${module.lessons.length} lessons done`}
    >
      {module.lessons.map(lesson => (
        <LessonAccordion
          key={lesson.id}
          lesson={lesson}
          done={completedLessonIds.has(lesson.id)}
          onDoneChange={onDoneChange}
        />
      ))}
    </SectionCard>
  );
}
