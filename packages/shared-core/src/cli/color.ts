/** What colour depends on: a stream's TTY-ness. Node's `tty.WriteStream` has both members. */
export interface ColorStream {
  isTTY?: boolean;
  hasColors?: () => boolean;
}

/**
 * Whether to colour what goes to `stream`: never with NO_COLOR set (https://no-color.org), always
 * with FORCE_COLOR set to anything but `0`/`false`, else only on a terminal that has colours. The
 * same rule for help and pretty logs, and the one commander applies by default.
 */
export function useColor(stream: ColorStream | undefined, env: Record<string, string | undefined> = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream?.isTTY === true && (stream.hasColors?.() ?? true);
}
