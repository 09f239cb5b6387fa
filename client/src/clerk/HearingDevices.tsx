// The courtroom's hardware in one hearing: attach a registered device (camera, encoder, TV
// display) so it takes part with its own credential. Devices of the hearing's courtroom are
// attached when it is scheduled; this adds others (a detention centre's camera, a spare display).
import { useCallback, useState, type FormEvent } from 'react';
import { t } from '../i18n.js';
import type { StaffParticipantView } from '../core/protocol.js';
import { clerkErrorText } from './errors.js';
import { deviceKindLabel } from './Badges.js';
import { clerkApi } from './clerkApi.js';
import { useLoad } from './useLoad.js';
import type { Workspace } from './workspace.js';

interface Props {
  ws: Workspace;
  hearingId: string;
  attached: StaffParticipantView[];
  onAttached: () => void;
}

export function HearingDevices({ ws, hearingId, attached, onAttached }: Props) {
  const load = useCallback(() => clerkApi.devices(ws.token), [ws.token]);
  const { data } = useLoad(load, ws.onError);
  const [deviceId, setDeviceId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const taken = new Set(attached.map((p) => p.device?.id).filter(Boolean));
  const free = (data ?? []).filter((d) => !d.revoked && !taken.has(d.id));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await clerkApi.attachDevice(ws.token, hearingId, deviceId);
      setDeviceId('');
      onAttached();
    } catch (e) {
      setError(clerkErrorText(e));
      ws.onError(e);
    }
  };

  return (
    <form
      className="card clerk-form"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="clerk-attach-title"
      data-testid="clerk-attach-device"
    >
      <h2 id="clerk-attach-title">{t('clerk.devices.attachTitle')}</h2>
      {data && free.length === 0 ? (
        <p className="small muted">{t('clerk.devices.noneFree')}</p>
      ) : (
        <div className="clerk-row">
          <label htmlFor="clerk-attach-device" className="visually-hidden">
            {t('clerk.devices.pickLabel')}
          </label>
          <select id="clerk-attach-device" value={deviceId} onChange={(e) => setDeviceId(e.target.value)}>
            <option value="">{t('clerk.devices.pick')}</option>
            {free.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} — {deviceKindLabel(d.kind)}, {d.siteName}
              </option>
            ))}
          </select>
          <button type="submit" className="secondary" disabled={!deviceId}>
            {t('clerk.devices.attach')}
          </button>
        </div>
      )}
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
