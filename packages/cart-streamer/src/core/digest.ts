/** Whether the 16 bytes at `a[aAt]` equal those at `b[bAt]`. */
export function sameDigest(a: Uint8Array, aAt: number, b: Uint8Array, bAt: number): boolean {
  for (let k = 0; k < 16; k++) if (a[aAt + k] !== b[bAt + k]) return false;
  return true;
}
