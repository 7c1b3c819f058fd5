/** Fetching a model's evaluation report: the card's `report` file, else `report.json` in the model folder. */
import type { ModelCard } from '../../../predictor/modelCard.ts';
import { parseReport, type EvaluationReport } from '../../../predictor/report.ts';
import { modelFileUrl } from '../../predictor/modelLocation.ts';

/** File name used when a card, written before the field existed, names no report. */
export const DEFAULT_REPORT_FILE = 'report.json';

export type ReportState =
  | { readonly status: 'loading'; readonly file: string; readonly url: string }
  | { readonly status: 'ready'; readonly file: string; readonly url: string; readonly report: EvaluationReport }
  /** The server has no such file (HTTP 404). */
  | { readonly status: 'missing'; readonly file: string; readonly url: string }
  | { readonly status: 'failed'; readonly file: string; readonly url: string; readonly message: string };

export function reportFileOf(card: ModelCard): string {
  return card.report ?? DEFAULT_REPORT_FILE;
}

/** Fetches and checks the report of `card`. Never rejects: a missing or invalid file becomes a state the view explains. */
export async function fetchReport(card: ModelCard): Promise<ReportState> {
  const file = reportFileOf(card);
  const url = modelFileUrl(card.id, file);
  try {
    const response = await fetch(url);
    // A single-page-app server can answer a missing file with its index page instead of a 404.
    const html = (response.headers.get('content-type') ?? '').includes('text/html');
    if (response.status === 404 || (response.ok && html)) return { status: 'missing', file, url };
    if (!response.ok) throw new Error(`GET ${url} failed with HTTP ${response.status}`);
    return { status: 'ready', file, url, report: parseReport(await response.json(), url) };
  } catch (error) {
    return { status: 'failed', file, url, message: error instanceof Error ? error.message : String(error) };
  }
}
