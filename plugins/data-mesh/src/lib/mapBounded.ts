/**
 * Runs `task` for each item with at most `concurrency` at once and collects the
 * results (or errors) by key. Used to bound per-product requests.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<R>,
): Promise<Array<{ item: T; value?: R; error?: Error }>> {
  const results: Array<{ item: T; value?: R; error?: Error }> = new Array(
    items.length,
  );
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index];
      try {
        results[index] = { item, value: await task(item) };
      } catch (e) {
        results[index] = { item, error: e as Error };
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, worker),
  );
  return results;
}
