export { MatrixSection } from './MatrixSection';
export { EnvironmentHeading } from './EnvironmentHeading';
export { PromoteButton } from './PromoteButton';
