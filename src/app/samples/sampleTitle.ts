/** Translated display titles of the shipped sample traces, by file name. */
import type { Translator } from '../../i18n/useT.ts';
import type { SampleTraceInfo } from '../../traces/sampleTraces.ts';

/** Returns the title in the UI language, or the catalog's English title for a file this map does not name. */
export function sampleTraceTitle(info: SampleTraceInfo, { t, num }: Pick<Translator, 't' | 'num'>): string {
  switch (info.file) {
    case 'alpaca-test-2000.jsonl':
      return t('sim.trace.sampleAlpaca', { count: num(info.records, 0) });
    case 'azure-conv-2023.csv':
      return t('sim.trace.sampleAzureConv');
    default:
      return info.title;
  }
}
