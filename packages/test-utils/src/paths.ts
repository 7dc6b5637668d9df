import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root (tests run from anywhere). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
