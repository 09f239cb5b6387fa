import type { ParticipantView } from '../core/protocol.js';
import { t } from '../i18n.js';

type DeviceStatus = NonNullable<ParticipantView['device']>['status'];

/** A courtroom device's media link as the server sees it (an IP camera: live / connecting / no signal). */
export function DeviceStatusBadge({ status }: { status: DeviceStatus }) {
  return (
    <span className={`device-status device-status-${status}`} data-testid="device-status" data-status={status} role="status">
      {t(`device.status.${status}`)}
    </span>
  );
}
