import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '@fakestore/test-utils';
import { describe, expect, it } from 'vitest';

/**
 * The READMEs are read as instructions: every command line they show for one of the project's
 * tools must use options that tool has. The help snapshots under tests/cli are the tools' real
 * `--help` (tests/cli/conventions.test.ts keeps them so), so they are the list of what exists.
 */
const subcommands: Record<string, string[]> = {
  'batch-ingest': ['push-pending'],
  'cart-streamer': ['replay-dlq'],
  'gcp-bootstrap': ['enable-apis', 'doctor'],
  'fakestore-sim': [],
};
const tools = Object.keys(subcommands);
const snapshots = join(repoRoot, 'tests', 'cli', '__snapshots__');

function readmes(): string[] {
  const found = ['README.md', 'infra/README.md', 'docker/README.md', 'dbt/README.md'].filter((path) => existsSync(join(repoRoot, path)));
  for (const name of readdirSync(join(repoRoot, 'packages'))) {
    const path = join('packages', name, 'README.md');
    if (existsSync(join(repoRoot, path))) found.push(path);
  }
  return found;
}

/** The shell text of a README: its fenced code blocks (backslash continuations joined) and its inline code spans. */
export function shellSnippets(markdown: string): string[] {
  const snippets: string[] = [];
  const prose = markdown.replace(/^```[^\n]*\n([\s\S]*?)^```/gm, (_block, body: string) => {
    snippets.push(...body.replace(/\\\n\s*/g, ' ').split('\n'));
    return '';
  });
  for (const match of prose.matchAll(/`([^`\n]+)`/g)) snippets.push(match[1]!);
  return snippets;
}

export interface ToolCall {
  command: string;
  options: string[];
  text: string;
}

/** Each call of one of the tools in a line of shell: the tool, its subcommand, the long options it passes. */
export function toolCalls(line: string): ToolCall[] {
  const calls: ToolCall[] = [];
  const pattern = new RegExp(`(?<![\\w./-])(?:\\S*/)?(${tools.join('|')})((?:\\s+[^\\s;|&#)]+)*)`, 'g');
  for (const match of line.replace(/\s#\s.*$/, '').matchAll(pattern)) {
    const tool = match[1]!;
    const words = (match[2] ?? '').trim().split(/\s+/).filter(Boolean);
    const sub = words[0] !== undefined && subcommands[tool]!.includes(words[0]) ? words[0] : '';
    const options = words.filter((word) => /^--[a-z]/.test(word)).map((word) => word.replace(/=.*$/, ''));
    calls.push({ command: sub ? `${tool}-${sub}` : tool, options, text: match[0] });
  }
  return calls;
}

function helpOf(command: string): string {
  return readFileSync(join(snapshots, `${command}.help.txt`), 'utf8');
}

describe('the command lines the READMEs show', () => {
  it('given a line that calls a tool, then the parser finds its subcommand and options', () => {
    expect(toolCalls('GOOGLE_APPLICATION_CREDENTIALS=k.json gcp-bootstrap doctor --tools dbt   # note --nothing')).toEqual([
      { command: 'gcp-bootstrap-doctor', options: ['--tools'], text: 'gcp-bootstrap doctor --tools dbt' },
    ]);
    expect(toolCalls('make setup && bin/cart-streamer --once --state-file=gs://b/s.json | jq .')[0]?.options).toEqual(['--once', '--state-file']);
    expect(toolCalls('gcloud run services logs read fakestore-cart-streamer --region r')).toEqual([]);
  });

  it('given a help text without an option, then that option counts as unknown', () => {
    expect(helpOf('batch-ingest')).not.toContain('--no-such-option');
  });

  it('given every README, then each option it passes to a tool is one that tool has', () => {
    const unknown: string[] = [];
    let checked = 0;
    for (const path of readmes()) {
      for (const snippet of shellSnippets(readFileSync(join(repoRoot, path), 'utf8'))) {
        for (const call of toolCalls(snippet)) {
          const help = helpOf(call.command);
          for (const option of call.options) {
            checked++;
            if (!new RegExp(`${option}(?![\\w-])`).test(help)) unknown.push(`${relative(repoRoot, join(repoRoot, path))}: ${call.text} (${option})`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(unknown).toEqual([]);
  });

  it('given the root README, then "Run it on Google Cloud" goes APIs, apply, build and push, deploy, doctor, metrics, in that order, with a troubleshooting table', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const start = readme.indexOf('## Run it on Google Cloud');
    expect(start).toBeGreaterThan(0);
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const steps = ['gcp-bootstrap enable-apis', 'terraform -chdir=infra apply', 'docker push', 'image = ', 'gcp-bootstrap doctor', '/metrics'];
    const positions = steps.map((step) => section.indexOf(step));
    expect(positions.every((position) => position >= 0), steps.filter((_, i) => positions[i]! < 0).join(', ')).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(section).toMatch(/\n\| symptom \| cause \| fix \|\n/);
  });
});
