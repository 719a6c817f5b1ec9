import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Alert as PrometheusAlert } from '@internal/plugin-prometheus-common';
import {
  ErrorAlert,
  errorStatus,
  RelativeTime,
  SectionCard,
  ToneChip,
} from '@internal/portal-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import Box from '@material-ui/core/Box';
import { alertSeverityTone } from '../../format';
import { useAlerts } from '../../hooks/useSignals';

/** What an alert says happened: its summary, else its description. */
export function alertSummary(alert: PrometheusAlert): string | undefined {
  return (
    alert.annotations.summary ??
    alert.annotations.description ??
    alert.annotations.message
  );
}

function AlertItem(props: { alert: PrometheusAlert }) {
  const { alert } = props;
  const severity = alert.labels.severity;
  const summary = alertSummary(alert);
  return (
    <ListItem divider disableGutters>
      <ListItemText
        disableTypography
        primary={
          <Box
            display="flex"
            alignItems="center"
            flexWrap="wrap"
            style={{ gap: 8 }}
          >
            <Typography component="span" variant="body1">
              <strong>{alert.name}</strong>
            </Typography>
            <ToneChip
              tone={alert.state === 'firing' ? 'error' : 'warning'}
              label={alert.state === 'firing' ? 'Firing' : 'Pending'}
            />
            {severity && (
              <ToneChip tone={alertSeverityTone(severity)} label={severity} />
            )}
          </Box>
        }
        secondary={
          <Typography component="div" variant="body2" color="textSecondary">
            {summary && <div>{summary}</div>}
            {alert.activeAt && (
              <div>
                Since <RelativeTime timestamp={alert.activeAt} />
              </div>
            )}
          </Typography>
        }
      />
    </ListItem>
  );
}

/** Firing and pending alerts whose labels match the entity's selector. */
export function EntityAlertsCard() {
  const { entity } = useEntity();
  const alerts = useAlerts(stringifyEntityRef(entity));
  const value = alerts.value;
  const firing = value?.alerts.filter(a => a.state === 'firing').length ?? 0;
  const pending = (value?.alerts.length ?? 0) - firing;

  let body;
  if (alerts.error) {
    body = (
      <ErrorAlert
        error={alerts.error}
        title={
          errorStatus(alerts.error) === 503
            ? 'Prometheus is unavailable'
            : undefined
        }
      />
    );
  } else if (!value) {
    body = <Progress />;
  } else if (value.alerts.length === 0) {
    body = (
      <Typography variant="body2" color="textSecondary">
        No firing or pending alerts.
      </Typography>
    );
  } else {
    body = (
      <List dense aria-label="Active alerts">
        {value.alerts.map(alert => (
          <AlertItem
            key={`${alert.name}:${JSON.stringify(alert.labels)}`}
            alert={alert}
          />
        ))}
      </List>
    );
  }
  return (
    <SectionCard
      title="Alerts"
      subheader={value ? `${firing} firing, ${pending} pending` : undefined}
    >
      {body}
    </SectionCard>
  );
}
