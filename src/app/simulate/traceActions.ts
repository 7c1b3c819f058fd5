/**
 * Loading traces into the Simulate view. A file that fails to load only sets the
 * error alert: the trace, settings and results the user had stay as they were.
 */
import { parseTrace, parseTraceBytes, type Trace } from '../../traces/index.ts';
import type { SampleTraceInfo } from '../../traces/sampleTraces.ts';
import { toFileErrorInfo } from '../common/fileError.ts';
import { sampleTraceUrl } from '../samples/sampleCatalog.ts';
import { traceCacheKey } from './predictionCache.ts';
import { isBusy, useSimStore, type LoadedTrace } from './simStore.ts';

function toLoaded(trace: Trace, sample: SampleTraceInfo | null): LoadedTrace {
  const cacheKey = trace.hasPrompts ? traceCacheKey(trace.fileName, trace.requests.map((request) => request.prompt ?? '')) : null;
  return { trace, sample, cacheKey };
}

async function loadWith(fileName: string, sample: SampleTraceInfo | null, read: () => Promise<Trace>): Promise<void> {
  const before = useSimStore.getState();
  if (isBusy(before.phase)) return;
  useSimStore.setState({ phase: { kind: 'loading-trace', fileName } });
  try {
    const trace = await read();
    useSimStore.setState({ loaded: toLoaded(trace, sample), traceError: null, phase: { kind: 'idle' } });
  } catch (error) {
    useSimStore.setState({ traceError: toFileErrorInfo(fileName, error), phase: { kind: 'idle' } });
  }
}

export function loadSampleTrace(sample: SampleTraceInfo): Promise<void> {
  return loadWith(sample.file, sample, async () => {
    const url = sampleTraceUrl(sample.file);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`GET ${url} failed with HTTP ${response.status}`);
    return parseTrace(sample.file, await response.text());
  });
}

export function loadTraceFile(file: File): Promise<void> {
  return loadWith(file.name, null, () => parseTraceBytes(file.name, file.size, () => file.text()));
}

export function dismissTraceError(): void {
  useSimStore.setState({ traceError: null });
}
