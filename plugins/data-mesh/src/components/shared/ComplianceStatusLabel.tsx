import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import type { ComplianceStatus, PolicyStatus } from '../../api/types';

/** A product's overall compliance status, with Backstage's status colours. */
export function ComplianceStatusLabel(props: { status: ComplianceStatus }) {
  switch (props.status) {
    case 'passing':
      return <StatusOK>Passing</StatusOK>;
    case 'warning':
      return <StatusWarning>Warning</StatusWarning>;
    default:
      return <StatusError>Failing</StatusError>;
  }
}

/** One policy's status for one product. */
export function PolicyStatusLabel(props: { status: PolicyStatus }) {
  switch (props.status) {
    case 'passed':
      return <StatusOK>Passed</StatusOK>;
    case 'waived':
      return <StatusAborted>Waived</StatusAborted>;
    case 'error':
      return <StatusWarning>Error</StatusWarning>;
    default:
      return <StatusError>Failed</StatusError>;
  }
}
