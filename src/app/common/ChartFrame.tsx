import { useRef, useState, type ReactNode } from 'react';
import { toPng } from 'html-to-image';
import { useT } from '../../i18n/useT.ts';
import { downloadCsv, downloadUrl } from './download.ts';
import { fileStem } from './csv.ts';

interface ChartFrameProps {
  readonly title: string;
  /** Stem of the exported file names, for example `throughput`. */
  readonly exportName: string;
  readonly testId: string;
  /** Builds the CSV of exactly the data drawn in the chart. */
  readonly toCsv: () => string;
  readonly caption?: ReactNode;
  readonly children: ReactNode;
}

/** Frames a chart with its title and CSV and PNG export buttons. The PNG is a picture of the framed area. */
export function ChartFrame({ title, exportName, testId, toCsv, caption, children }: ChartFrameProps) {
  const { t } = useT();
  const pictureRef = useRef<HTMLDivElement>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const stem = fileStem(exportName);

  async function exportPng(): Promise<void> {
    const node = pictureRef.current;
    if (node === null) return;
    try {
      const background = getComputedStyle(document.body).backgroundColor;
      const dataUrl = await toPng(node, { backgroundColor: background, pixelRatio: 2 });
      downloadUrl(`${stem}.png`, dataUrl);
      setExportError(null);
    } catch (error) {
      setExportError(t('chart.pngFailed', { reason: error instanceof Error ? error.message : String(error) }));
    }
  }

  return (
    <figure className="chart" data-testid={testId}>
      <div ref={pictureRef} className="chart-picture">
        <figcaption className="chart-title">{title}</figcaption>
        {children}
        {caption !== undefined && <p className="chart-caption">{caption}</p>}
      </div>
      <div className="chart-actions">
        <button type="button" className="secondary small" onClick={() => downloadCsv(`${stem}.csv`, toCsv())} data-testid={`${testId}.csv`}>
          {t('chart.exportCsv')}
        </button>
        <button type="button" className="secondary small" onClick={() => void exportPng()} data-testid={`${testId}.png`}>
          {t('chart.exportPng')}
        </button>
        {exportError !== null && (
          <span role="alert" className="inline-error">
            {exportError}
          </span>
        )}
      </div>
    </figure>
  );
}
