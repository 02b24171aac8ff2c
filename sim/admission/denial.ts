/**
 * How each project's webhook words a denial, as its AdmissionResponse carries it; kube-apiserver
 * then prefixes `admission webhook "<name>" denied the request: ` (status.ts, webhookDenied).
 */
import { webhookDenied, type StatusCause, type StatusError } from '../apiserver/status.js';

export type { StatusCause };

export const VM_WEBHOOK = 'virtualmachine-validator.kubevirt.io';
export const VMI_CREATE_WEBHOOK = 'virtualmachineinstances-create-validator.kubevirt.io';
export const VMI_UPDATE_WEBHOOK = 'virtualmachineinstances-update-validator.kubevirt.io';
export const DV_WEBHOOK = 'datavolume-validate.cdi.kubevirt.io';

/** KubeVirt's messages past the tenth are summed up (ToAdmissionResponse, pkg/util/webhooks/webhooks.go). */
const KUBEVIRT_MAX_CAUSES = 10;

/**
 * KubeVirt (pkg/util/webhooks/webhooks.go, ToAdmissionResponse): reason Invalid, the first ten
 * causes' messages joined with ", ", then "and N more validation errors".
 */
export const kubevirtDenial = (webhook: string, causes: readonly StatusCause[]): StatusError => {
  const shown = causes.slice(0, KUBEVIRT_MAX_CAUSES);
  const more = causes.length - shown.length;
  const message = shown.map((c) => c.message).join(', ') + (more > 0 ? `, and ${more} more validation errors` : '');
  return webhookDenied(webhook, { message, reason: 'Invalid', causes: shown });
};

/**
 * CDI (pkg/apiserver/webhooks/handler.go, toRejectedAdmissionResponse): no reason, and every
 * cause's message appended after a space, so the text starts with one.
 */
export const cdiDenial = (causes: readonly StatusCause[]): StatusError =>
  webhookDenied(DV_WEBHOOK, { message: causes.map((c) => ` ${c.message}`).join(''), causes });
