// One site's devices: register one (a camera needs its RTSP URL), its token shown once; re-issue a
// token (the old one stops: the device must be set up again) and revoke one, each confirmed; and
// each device's link in the hearings it is attached to (a camera live, down, or not connected).
import { useState, type FormEvent } from 'react';
import { t } from '../i18n.js';
import type { DeviceKind, DeviceView } from '../core/protocol.js';
import { clerkErrorText } from './errors.js';
import { DEVICE_KINDS, deviceKindLabel } from './Badges.js';
import { clerkApi, type SiteRecord } from './clerkApi.js';
import { ConfirmButton } from './Confirm.js';
import { OneTimeSecret } from './OneTimeSecret.js';
import type { Workspace } from './workspace.js';

interface Props {
  ws: Workspace;
  site: SiteRecord;
  devices: DeviceView[];
  onChanged: () => void;
}

export function SiteDevices({ ws, site, devices, onChanged }: Props) {
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      onChanged();
    } catch (e) {
      setError(clerkErrorText(e));
      ws.onError(e);
    }
  };

  return (
    <div className="clerk-devices">
      <h3>{t('clerk.devices.title')}</h3>
      {devices.length === 0 && <p className="small muted">{t('clerk.devices.none')}</p>}
      <ul className="clerk-list">
        {devices.map((d) => (
          <li key={d.id} data-testid="clerk-device" data-device-id={d.id} data-revoked={d.revoked}>
            <strong>{d.name}</strong> — {deviceKindLabel(d.kind)}
            {d.revoked && <span className="clerk-badge link-revoked"> {t('clerk.devices.revoked')}</span>}
            {d.rtspUrl && (
              <div className="small muted">
                <code>{d.rtspUrl}</code>
              </div>
            )}
            {(d.attachments ?? []).map((a) => (
              <div key={a.hearingId} className="small" data-testid="clerk-device-attachment" data-link={a.link ?? 'none'}>
                {t('clerk.devices.inHearing', { title: a.title })}:{' '}
                <span className={`clerk-badge device-${a.link ?? 'none'}`}>
                  {a.link ? t(`device.status.${a.link}`) : t('clerk.devices.notConnected')}
                </span>
              </div>
            ))}
            {!d.revoked && (
              <div className="clerk-actions">
                <ConfirmButton
                  label={t('clerk.devices.reissue')}
                  ariaLabel={`${t('clerk.devices.reissue')} — ${d.name}`}
                  question={t('clerk.devices.reissueConfirm', { name: d.name })}
                  danger={false}
                  onConfirm={() => act(async () => setSecret({ name: d.name, token: await clerkApi.deviceToken(ws.token, d.id) }))}
                  testId="clerk-device-token"
                />
                <ConfirmButton
                  label={t('clerk.devices.revoke')}
                  ariaLabel={`${t('clerk.devices.revoke')} — ${d.name}`}
                  question={t('clerk.devices.revokeConfirm', { name: d.name })}
                  onConfirm={() => act(() => clerkApi.revokeDevice(ws.token, d.id))}
                  testId="clerk-device-revoke"
                />
              </div>
            )}
          </li>
        ))}
      </ul>
      {secret && (
        <OneTimeSecret
          heading={t('clerk.devices.token', { name: secret.name })}
          value={secret.token}
          copyLabel={t('clerk.devices.copyToken')}
          onClose={() => setSecret(null)}
          testId="clerk-device-secret"
        />
      )}
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      <RegisterDevice ws={ws} site={site} onRegistered={(name, token) => act(async () => setSecret({ name, token }))} />
    </div>
  );
}

function RegisterDevice({
  ws,
  site,
  onRegistered,
}: {
  ws: Workspace;
  site: SiteRecord;
  onRegistered: (name: string, token: string) => void;
}) {
  const [kind, setKind] = useState<DeviceKind>('camera');
  const [name, setName] = useState('');
  const [rtspUrl, setRtspUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = (field: string) => `device-${site.id}-${field}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const reply = await clerkApi.registerDevice(ws.token, site.id, {
        kind,
        name: name.trim(),
        ...(kind === 'camera' && rtspUrl.trim() ? { rtspUrl: rtspUrl.trim() } : {}),
      });
      setName('');
      setRtspUrl('');
      onRegistered(reply.device.name, reply.token);
    } catch (e) {
      setError(clerkErrorText(e));
      ws.onError(e);
    }
  };
  return (
    <form className="clerk-inline-form" onSubmit={(e) => void submit(e)} aria-label={t('clerk.devices.registerAt', { site: site.name })}>
      <div className="clerk-field-pair">
        <div className="field">
          <label htmlFor={id('kind')}>{t('clerk.devices.kind')}</label>
          <select id={id('kind')} value={kind} onChange={(e) => setKind(e.target.value as DeviceKind)}>
            {DEVICE_KINDS.map((k) => (
              <option key={k} value={k}>
                {deviceKindLabel(k)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={id('name')}>{t('clerk.devices.name')}</label>
          <input id={id('name')} type="text" value={name} maxLength={200} required onChange={(e) => setName(e.target.value)} />
        </div>
      </div>
      {kind === 'camera' && (
        <div className="field">
          <label htmlFor={id('rtsp')}>{t('clerk.devices.rtsp')}</label>
          <input
            id={id('rtsp')}
            type="text"
            inputMode="url"
            placeholder="rtsp://user:password@192.0.2.10:554/stream1"
            value={rtspUrl}
            required
            pattern="rtsps?://\S+"
            onChange={(e) => setRtspUrl(e.target.value)}
          />
        </div>
      )}
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="secondary small" disabled={!name.trim() || (kind === 'camera' && !rtspUrl.trim())}>
        {t('clerk.devices.register')}
      </button>
    </form>
  );
}
