/** Display names of the vLLM comparison's workloads, by workload id. */
import type { Translator } from '../../i18n/useT.ts';

export function workloadName(id: string, t: Translator['t']): string {
  switch (id) {
    case 'alpaca':
      return t('repro.workload.alpaca');
    case 'azure-conv':
      return t('repro.workload.azureConv');
    default:
      return id;
  }
}
