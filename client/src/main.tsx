// Entry point: take the invitation token out of the URL before anything renders, then mount.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { takeInvitationToken } from './core/invitationToken.js';
import { isTvPath } from './kiosk/paths.js';
import './styles.css';

// The TV's fragment carries a device token, not an invitation: TvApp takes it itself.
const token = isTvPath(location.pathname) ? null : takeInvitationToken();
window.vcourt = { session: null };

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App token={token} />
  </StrictMode>,
);
