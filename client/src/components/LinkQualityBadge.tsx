import type { LinkQualityView } from '../core/protocol.js';
import { formatTime, t } from '../i18n.js';

const figure = (value: number | null, unit: string) => (value === null ? t('quality.unknown') : `${value} ${unit}`);
/** Layers are counted from 0 on the wire; people count from 1. */
const layer = (value: number | null, of: number | null) =>
  value === null ? t('quality.unknown') : of === null ? String(value + 1) : t('quality.layerOf', { layer: value + 1, of });

/**
 * Beside an admitted participant in the judge's list: a coloured dot and a word for their
 * connection (server graded, core/protocol/linkQuality.ts); the figures behind it on demand.
 * Nothing until the first reading arrives (within seconds of their media flowing).
 */
export function LinkQualityBadge({ quality }: { quality: LinkQualityView | undefined }) {
  if (!quality) return null;
  const grade = t(`quality.${quality.grade}`);
  const label = t('quality.label', { grade });
  return (
    <details className={`link-quality ${quality.grade}`} data-testid="link-quality" data-grade={quality.grade}>
      <summary aria-label={label} title={label}>
        <span className="link-dot" aria-hidden="true" />
        {grade}
      </summary>
      <dl className="link-figures" data-testid="link-figures">
        <dt>{t('quality.rtt')}</dt>
        <dd>{figure(quality.rttMs, 'ms')}</dd>
        <dt>{t('quality.loss')}</dt>
        <dd>{figure(quality.lossPct, '%')}</dd>
        <dt>{t('quality.up')}</dt>
        <dd>{figure(quality.upKbps, 'kbit/s')}</dd>
        <dt>{t('quality.down')}</dt>
        <dd>{figure(quality.downKbps, 'kbit/s')}</dd>
        <dt>{t('quality.sendLayer')}</dt>
        <dd>{layer(quality.sendLayer, quality.sendLayers)}</dd>
        <dt>{t('quality.recvLayer')}</dt>
        <dd>{layer(quality.recvLayer, null)}</dd>
      </dl>
      <p className="link-at">{t('quality.at', { time: formatTime(quality.at) })}</p>
    </details>
  );
}
