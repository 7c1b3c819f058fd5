import { useT } from '../../i18n/useT.ts';
import { POLICY_NAMES } from '../../sim/index.ts';
import { ProgressBar } from '../common/ProgressBar.tsx';
import { useModelCardStore } from '../modelCard/modelCardStore.ts';
import { POLICY_LABELS } from './policyStyle.ts';
import { PredictionPanel } from './PredictionPanel.tsx';
import { ResultsPanel } from './ResultsPanel.tsx';
import { SchedulingPanel } from './SchedulingPanel.tsx';
import { resolveScheduling } from './schedulingSettings.ts';
import { resolveSettings } from './settings.ts';
import { SettingsPanel } from './SettingsPanel.tsx';
import { cancelComparison, dismissNotice, runComparison } from './simActions.ts';
import { useSimStore } from './simStore.ts';
import { SweepPanel } from './SweepPanel.tsx';
import { TracePicker } from './TracePicker.tsx';

function RunProgress() {
  const { t, num } = useT();
  const phase = useSimStore((state) => state.phase);
  if (phase.kind === 'predicting') {
    return (
      <ProgressBar label={t('sim.progress.predicting')} done={phase.done} total={phase.total} onCancel={cancelComparison} testId="sim.progress" />
    );
  }
  if (phase.kind === 'simulating') {
    const label = t('sim.progress.simulating', { policy: t(POLICY_LABELS[phase.policy]), step: phase.step + 1, steps: phase.steps });
    return <ProgressBar label={label} done={phase.finished} total={phase.total} onCancel={cancelComparison} testId="sim.progress" />;
  }
  if (phase.kind === 'sweeping') {
    const label = t('sim.sweep.progress', {
      policy: t(POLICY_LABELS[phase.policy]),
      rate: num(phase.ratePerS, 3),
      run: Math.min(phase.completedRuns + 1, phase.totalRuns),
      runs: phase.totalRuns,
    });
    return <ProgressBar label={label} done={phase.completedRuns} total={phase.totalRuns} onCancel={cancelComparison} testId="sim.sweep.progress" />;
  }
  return null;
}

export function SimulateView() {
  const { t } = useT();
  const { loaded, settings, scheduling, phase, notice, comparison } = useSimStore();
  const cardReady = useModelCardStore((state) => state.card.status === 'ready');
  const settingsValid = resolveSettings(settings).ok && resolveScheduling(scheduling, settings.arrivals, false).ok;
  const canRun = loaded !== null && phase.kind === 'idle' && settingsValid && cardReady;

  return (
    <div className="view">
      <p className="lede">{t('sim.intro', { policies: POLICY_NAMES.map((policy) => t(POLICY_LABELS[policy])).join(', ') })}</p>
      <TracePicker />
      <PredictionPanel />
      <SettingsPanel />
      <SchedulingPanel />
      <div className="row run-row">
        <button type="button" className="primary" disabled={!canRun} onClick={() => void runComparison()} data-testid="sim.run">
          {t('sim.run')}
        </button>
        {loaded === null && <span className="hint">{t('sim.needTrace')}</span>}
        {!settingsValid && <span className="inline-error">{t('sim.fixSettings')}</span>}
      </div>
      <div aria-live="polite">
        <RunProgress />
      </div>
      <div role="alert" data-testid="sim.notice">
        {notice !== null && (
          <div className={notice.kind === 'failed' ? 'alert error' : 'alert'}>
            <p>{notice.kind === 'failed' ? t('sim.failed', { reason: notice.message }) : t('sim.cancelled')}</p>
            <button type="button" className="secondary small" onClick={dismissNotice}>
              {t('common.dismiss')}
            </button>
          </div>
        )}
      </div>
      {comparison !== null && <ResultsPanel comparison={comparison} />}
      <SweepPanel />
    </div>
  );
}
