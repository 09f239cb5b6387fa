// The HTML pieces of minutes.html (Minutes.ts): escaping, bilingual words, the court's time, tables,
// and the inline stylesheet that makes the document print the same in twenty years.
import { COURT_TIME_ZONE } from '../core/lib/courtLocale.js';
import type { Bi } from './minutesWords.js';

export const esc = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const bi = ([vi, en]: Bi): string => `${esc(vi)}<span class="en">${esc(en)}</span>`;

// Hearings take place in Vietnam: times are printed in its zone, with the offset said once.
const TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: COURT_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export function formatTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const p = Object.fromEntries(TIME.formatToParts(date).map((x) => [x.type, x.value]));
  return `${p.hour}:${p.minute}:${p.second} ${p.day}/${p.month}/${p.year}`;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const hh = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${hh}:${mm}:${ss}`;
}

export function fact(label: Bi, value: string): string {
  return `<tr><th>${bi(label)}</th><td>${value}</td></tr>`;
}

export function row(cells: string[]): string {
  return `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
}

export function table(headers: Bi[], rows: string[]): string {
  if (rows.length === 0) return `<p class="none">Không có.<span class="en">None.</span></p>`;
  return `<table class="list"><thead><tr>${headers.map((h) => `<th>${bi(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>`;
}

// Times New Roman at 13pt is the customary face and size of Vietnamese court papers.
export const CSS = `
@page { size: A4; margin: 20mm 20mm 20mm 30mm; }
body { font-family: 'Times New Roman', 'Noto Serif', 'Liberation Serif', serif; font-size: 13pt; line-height: 1.4; color: #000; max-width: 180mm; margin: 1.5em auto; padding: 0 1em; }
.en { display: block; font-size: 0.78em; font-style: italic; color: #444; font-weight: normal; }
td .en, th .en { display: block; }
.masthead { display: flex; justify-content: space-between; gap: 2em; text-align: center; font-weight: bold; font-size: 12pt; }
.motto { text-decoration: underline; font-weight: bold; }
h1 { text-align: center; font-size: 15pt; margin: 1.6em 0 0.3em; }
h2 { font-size: 13pt; margin: 1.4em 0 0.4em; border-bottom: 1px solid #000; break-after: avoid; }
.note { text-align: center; font-size: 11pt; }
table { border-collapse: collapse; width: 100%; font-size: 11pt; }
.list th, .list td { border: 1px solid #555; padding: 3px 5px; vertical-align: top; text-align: left; }
.list thead { display: table-header-group; }
.list tr { break-inside: avoid; }
.facts th { text-align: left; width: 38%; padding: 2px 8px 2px 0; vertical-align: top; }
.facts td { padding: 2px 0; }
.role { color: #333; }
.chat-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.none { font-style: italic; }
code { font-family: 'DejaVu Sans Mono', monospace; font-size: 9pt; word-break: break-all; }
footer { margin-top: 2em; border-top: 1px solid #000; padding-top: 0.5em; font-size: 10pt; }
`;
