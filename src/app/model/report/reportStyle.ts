/** Names and colours of the report's predictors in tables and charts. */
import type { PlainMessageKey } from '../../../i18n/translate.ts';
import type { ReportPredictor } from '../../../predictor/report.ts';

export const PREDICTOR_LABELS: Readonly<Record<ReportPredictor, PlainMessageKey>> = Object.freeze({
  model: 'report.predictor.model',
  majority: 'report.predictor.majority',
  'prompt-length': 'report.predictor.promptLength',
  tfidf: 'report.predictor.tfidf',
});

/** Okabe–Ito colours, which stay distinct for the common colour-vision deficiencies. */
export const PREDICTOR_COLORS: Readonly<Record<ReportPredictor, string>> = Object.freeze({
  model: '#0072B2',
  majority: '#999999',
  'prompt-length': '#E69F00',
  tfidf: '#009E73',
});

/** Colour of the y = x reference line. */
export const IDENTITY_LINE_COLOR = '#7f8894';
