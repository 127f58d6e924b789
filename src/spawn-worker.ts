import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * A worker thread running the module `<stem>.ts` or `<stem>.js` beside `callerUrl`. From source
 * (tsx, vitest) Node 20 does not pass `--import` hooks to workers, so the worker registers tsx's
 * loader itself before importing the module; from dist/ it loads the compiled file directly.
 * CPU profiling flags (`--cpu-prof`, `--cpu-prof-dir=DIR`) are passed on, so a profiled run
 * profiles its workers too.
 */
export function spawnModuleWorker(callerUrl: string, stem: string, workerData?: unknown, resourceLimits?: ResourceLimits): Worker {
  if (callerUrl.endsWith('.ts')) {
    const api = import.meta.resolve('tsx/esm/api');
    const entry = new URL(`./${stem}.ts`, callerUrl).href;
    const code = `const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(entry)});`;
    const execArgv = process.execArgv.filter((a) => a.startsWith('--cpu-prof'));
    return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { execArgv, workerData, ...(resourceLimits ? { resourceLimits } : {}) });
  }
  return new Worker(new URL(`./${stem}.js`, callerUrl), { workerData, ...(resourceLimits ? { resourceLimits } : {}) });
}
