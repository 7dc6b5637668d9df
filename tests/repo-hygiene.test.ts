import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realDataSet, repoRoot } from '@fakestore/test-utils';
import { describe, expect, it } from 'vitest';

describe('the repository', () => {
  it('holds no password of the data set outside the sim\'s own copy of the data', () => {
    const passwords = realDataSet('users').map((user) => String(user.password));
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
    expect(tracked.length).toBeGreaterThan(100);
    const offenders = tracked
      .filter((file) => !file.startsWith('packages/fakestore-sim/data/'))
      .filter((file) => {
        const text = readFileSync(join(repoRoot, file));
        return passwords.some((password) => text.includes(password));
      });
    expect(offenders).toEqual([]);
  });

  it('tracks no symbolic link: a Windows checkout turns one into a text file, and the toolchain links of a worktree must never be committed', () => {
    // `git ls-files -s` prints the mode first; 120000 is a symbolic link.
    const staged = execFileSync('git', ['ls-files', '-s', '-z'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
    expect(staged.length).toBeGreaterThan(100);
    const links = staged.filter((entry) => entry.startsWith('120000 ')).map((entry) => entry.split('\t')[1]);
    expect(links).toEqual([]);
  });
});
