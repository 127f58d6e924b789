/**
 * Runs jobs with at most `limit` channels at a time; a channel's jobs run one after another, in
 * the order given. A slow or failing channel holds one worker, never the others' queues.
 * `run` must not throw (a throw is reported through `onError` and the queue goes on).
 */
export async function runPerChannel<T>(
  jobs: readonly T[],
  channelOf: (job: T) => string,
  limit: number,
  run: (job: T) => Promise<void>,
  onError: (job: T, err: unknown) => void,
): Promise<void> {
  const queues = new Map<string, T[]>();
  for (const job of jobs) {
    const key = channelOf(job);
    const q = queues.get(key);
    if (q) q.push(job);
    else queues.set(key, [job]);
  }
  const pending = [...queues.values()];
  const worker = async () => {
    for (let queue = pending.shift(); queue; queue = pending.shift()) {
      for (const job of queue) {
        try {
          await run(job);
        } catch (err) {
          onError(job, err);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, pending.length)) }, worker));
}
