// Entry point: take the invitation token out of the URL before anything renders, then mount.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { takeInvitationToken } from './core/invitationToken.js';
import './styles.css';

const token = takeInvitationToken();
window.vcourt = { session: null };

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App token={token} />
  </StrictMode>,
);
