import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  ComplianceStatus,
  PolicyStatus,
} from '@meshwork/plugin-data-mesh-common';
import { dataMeshTranslationRef } from '../../translation';

const COMPLIANCE_STATUS = {
  passing: StatusOK,
  warning: StatusWarning,
  failing: StatusError,
} as const;

const POLICY_STATUS = {
  passed: StatusOK,
  waived: StatusAborted,
  error: StatusWarning,
  failed: StatusError,
} as const;

/** A product's overall compliance status, with Backstage's status colours. */
export function ComplianceStatusLabel(props: { status: ComplianceStatus }) {
  const { t } = useTranslationRef(dataMeshTranslationRef);
  // An unknown status (a newer backend) reads as failing, never as passing.
  const status = props.status in COMPLIANCE_STATUS ? props.status : 'failing';
  const Status = COMPLIANCE_STATUS[status];
  return <Status>{t(`common.complianceStatus.${status}`)}</Status>;
}

/** One policy's status for one product. */
export function PolicyStatusLabel(props: { status: PolicyStatus }) {
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const status = props.status in POLICY_STATUS ? props.status : 'failed';
  const Status = POLICY_STATUS[status];
  return <Status>{t(`common.policyStatus.${status}`)}</Status>;
}
