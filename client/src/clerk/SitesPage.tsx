// Sites (courtrooms, detention centres, offices) and their devices: register a site, say whether
// its people get relayed media only, register a camera (RTSP), an encoder or a TV display; a new
// device token is shown once. Re-issuing a token and revoking a device ask first.
import { useCallback, useState, type FormEvent } from 'react';
import { t } from '../i18n.js';
import type { DeviceView, SiteKind } from '../core/protocol.js';
import { clerkErrorText } from './errors.js';
import { SITE_KINDS, siteKindLabel } from './Badges.js';
import { clerkApi, type SiteRecord } from './clerkApi.js';
import { SiteDevices } from './SiteDevices.js';
import { useLoad } from './useLoad.js';
import type { Workspace } from './workspace.js';

export function SitesPage({ ws }: { ws: Workspace }) {
  const { token, onError } = ws;
  const load = useCallback(() => Promise.all([clerkApi.sites(token), clerkApi.devices(token)]), [token]);
  const { data, error, reload } = useLoad(load, onError);
  const [sites, devices]: [SiteRecord[], DeviceView[]] = data ?? [[], []];

  return (
    <section className="clerk-page" data-testid="clerk-sites">
      <h1>{t('clerk.sites.title')}</h1>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {!data && !error && <p className="muted">{t('common.loading')}</p>}
      {data && sites.length === 0 && <p className="muted">{t('clerk.sites.none')}</p>}
      {sites.map((site) => (
        <SiteCard key={site.id} ws={ws} site={site} devices={devices.filter((d) => d.siteId === site.id)} onChanged={reload} />
      ))}
      <NewSite ws={ws} onCreated={reload} />
    </section>
  );
}

function SiteCard({ ws, site, devices, onChanged }: { ws: Workspace; site: SiteRecord; devices: DeviceView[]; onChanged: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const setRelay = async (relayOnly: boolean) => {
    setError(null);
    try {
      await clerkApi.updateSite(ws.token, site.id, { relayOnly });
      onChanged();
    } catch (e) {
      setError(clerkErrorText(e));
      ws.onError(e);
    }
  };
  return (
    <article className="card clerk-card" aria-labelledby={`site-${site.id}`} data-testid="clerk-site" data-site-id={site.id}>
      <header className="clerk-card-head">
        <div>
          <h2 id={`site-${site.id}`} className="clerk-card-title">
            {site.name}
          </h2>
          <div className="small muted">{siteKindLabel(site.kind)}</div>
        </div>
        <label className="clerk-check small">
          <input type="checkbox" checked={site.relayOnly ?? false} onChange={(e) => void setRelay(e.target.checked)} />
          {t('clerk.sites.relayOnly')}
        </label>
      </header>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      <SiteDevices ws={ws} site={site} devices={devices} onChanged={onChanged} />
    </article>
  );
}

function NewSite({ ws, onCreated }: { ws: Workspace; onCreated: () => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<SiteKind>('courtroom');
  const [relayOnly, setRelayOnly] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await clerkApi.createSite(ws.token, { name: name.trim(), kind, relayOnly });
      setName('');
      setRelayOnly(false);
      onCreated();
    } catch (e) {
      setError(clerkErrorText(e));
      ws.onError(e);
    }
  };
  return (
    <form className="card clerk-form" onSubmit={(e) => void submit(e)} aria-labelledby="clerk-new-site" data-testid="clerk-site-form">
      <h2 id="clerk-new-site">{t('clerk.sites.new')}</h2>
      <div className="clerk-fields">
        <div className="field">
          <label htmlFor="new-site-name">{t('clerk.sites.name')}</label>
          <input id="new-site-name" type="text" value={name} maxLength={200} required onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="new-site-kind">{t('clerk.sites.kind')}</label>
          <select id="new-site-kind" value={kind} onChange={(e) => setKind(e.target.value as SiteKind)}>
            {SITE_KINDS.map((k) => (
              <option key={k} value={k}>
                {siteKindLabel(k)}
              </option>
            ))}
          </select>
        </div>
        <label className="clerk-check">
          <input type="checkbox" checked={relayOnly} onChange={(e) => setRelayOnly(e.target.checked)} />
          {t('clerk.sites.relayOnly')}
        </label>
        <p className="hint small muted">{t('clerk.sites.relayHint')}</p>
      </div>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={!name.trim()} data-testid="clerk-site-create">
        {t('clerk.sites.create')}
      </button>
    </form>
  );
}
