/** Names and colours of the policies in tables and charts. */
import type { PlainMessageKey } from '../../i18n/translate.ts';
import type { PolicyName } from '../../sim/index.ts';

export const POLICY_LABELS: Readonly<Record<PolicyName, PlainMessageKey>> = Object.freeze({
  'max-length': 'policy.maxLength',
  s3: 'policy.s3',
  oracle: 'policy.oracle',
  paged: 'policy.paged',
});

export const POLICY_DESCRIPTIONS: Readonly<Record<PolicyName, PlainMessageKey>> = Object.freeze({
  'max-length': 'policy.maxLengthHelp',
  s3: 'policy.s3Help',
  oracle: 'policy.oracleHelp',
  paged: 'policy.pagedHelp',
});

/** Colours that stay distinct for the common colour-vision deficiencies (Okabe–Ito palette). */
export const POLICY_COLORS: Readonly<Record<PolicyName, string>> = Object.freeze({
  'max-length': '#D55E00',
  s3: '#0072B2',
  oracle: '#009E73',
  paged: '#CC79A7',
});
