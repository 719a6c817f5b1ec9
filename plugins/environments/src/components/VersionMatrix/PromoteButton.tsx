import Button from '@material-ui/core/Button';
import ArrowForwardIcon from '@material-ui/icons/ArrowForward';
import { PromotionCandidate, serviceName } from '../../matrix';

export interface PromoteButtonProps {
  candidate: PromotionCandidate;
  onPromote(candidate: PromotionCandidate): void;
}

/** Opens the promote dialog for a version and its next environment. */
export function PromoteButton(props: PromoteButtonProps) {
  const { candidate, onPromote } = props;
  return (
    <Button
      size="small"
      color="primary"
      startIcon={<ArrowForwardIcon aria-hidden />}
      // The visible "Promote" alone would not say what goes where.
      aria-label={`Promote ${serviceName(candidate.entityRef)} ${
        candidate.version
      } to ${candidate.to.name}`}
      onClick={() => onPromote(candidate)}
    >
      Promote
    </Button>
  );
}
