import Button, { ButtonProps } from '@material-ui/core/Button';
import { Link as RouterLink } from 'react-router-dom';

export type ButtonLinkProps = Omit<ButtonProps<typeof RouterLink>, 'component'>;

/**
 * A link that looks like a button. MUI marks anything but a plain `<a>` as
 * role="button"; this navigates, so it stays a link for screen readers.
 */
export function ButtonLink(props: ButtonLinkProps) {
  return <Button component={RouterLink} role="link" {...props} />;
}
