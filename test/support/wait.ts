/** Polls `probe` every half second until it gives a value; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * Waits until the channel airs: its first media playlist answers (the master playlist answers as
 * soon as the channel exists, before anything airs on it).
 */
export function waitForOnAir(baseUrl: string, slug: string, timeoutMs: number): Promise<true> {
  return waitFor(
    `${slug} on air`,
    async () => {
      const master = await fetch(`${baseUrl}/live/${slug}/master.m3u8`);
      if (!master.ok) return undefined;
      const first = (await master.text()).split('\n').find((line) => line.endsWith('.m3u8')) as string;
      return (await fetch(new URL(first, `${baseUrl}/live/${slug}/`))).ok || undefined;
    },
    timeoutMs,
  );
}
