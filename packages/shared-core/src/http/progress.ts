/** Progress reports at most once per interval as bytes arrive, and always for the final count. */
export interface ProgressThrottle {
  update(bytes: number, totalBytes: number | undefined): void;
  /** Reports the count given last, unless that one was reported already. */
  flush(): void;
}

export function throttleProgress(
  report: (bytes: number, totalBytes: number | undefined) => void,
  intervalMs: number,
  now: () => number = () => performance.now(),
): ProgressThrottle {
  let lastAt = -Infinity;
  let latest: [number, number | undefined] | undefined;
  let reported = true;
  return {
    update(bytes, totalBytes) {
      latest = [bytes, totalBytes];
      reported = false;
      const at = now();
      if (at - lastAt < intervalMs) return;
      lastAt = at;
      reported = true;
      report(bytes, totalBytes);
    },
    flush() {
      if (reported || !latest) return;
      reported = true;
      report(...latest);
    },
  };
}
