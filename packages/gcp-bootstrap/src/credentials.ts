import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import type { CheckResult } from './types.js';

/** The fields of a service-account key file that matter here. Never printed: only checked. */
export const serviceAccountKeySchema = z.looseObject({
  type: z.literal('service_account'),
  project_id: z.string().min(1),
  private_key_id: z.string().min(1),
  private_key: z.string().startsWith('-----BEGIN'),
  client_email: z.email(),
});

export interface KeyFileInspection {
  checks: CheckResult[];
  /** The key's client_email, when the file is a valid key. */
  clientEmail?: string;
  /** True when the file can be used to authenticate. */
  usable: boolean;
}

const createKey = (file: string) =>
  `gcloud iam service-accounts keys create ${file} --iam-account SA_EMAIL   # SA_EMAIL: terraform -chdir=infra output service_account_emails`;

/**
 * Checks a key file (GOOGLE_APPLICATION_CREDENTIALS) without ever echoing its content: present
 * and readable, a service-account key (JSON, type service_account), not readable by group or others.
 */
export function inspectKeyFile(file: string, platform: NodeJS.Platform = process.platform): KeyFileInspection {
  const subject = `credentials ${file}`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    const problem = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable by you' : `cannot be read (${code})`;
    return {
      usable: false,
      checks: [
        {
          status: 'fail',
          title: `${subject}: GOOGLE_APPLICATION_CREDENTIALS points at a readable file`,
          detail: `the file ${problem}`,
          fix: [createKey(file), 'or unset GOOGLE_APPLICATION_CREDENTIALS and run: gcloud auth application-default login'],
        },
      ],
    };
  }
  const checks: CheckResult[] = [{ status: 'pass', title: `${subject}: GOOGLE_APPLICATION_CREDENTIALS points at a readable file` }];

  const key = parseKey(text);
  if (key.ok) {
    checks.push({ status: 'pass', title: `${subject}: a service-account key`, detail: `${key.clientEmail} (project ${key.projectId})` });
  } else {
    checks.push({
      status: 'fail',
      title: `${subject}: a service-account key`,
      detail: key.problem,
      fix: [`${createKey(file)}   # a JSON key of a service account, not user or OAuth-client credentials`],
    });
  }

  if (platform !== 'win32') {
    const mode = statSync(file).mode & 0o777;
    const octal = mode.toString(8).padStart(3, '0');
    if ((mode & 0o044) !== 0) {
      const who = [(mode & 0o040) !== 0 ? 'group' : undefined, (mode & 0o004) !== 0 ? 'others' : undefined].filter(Boolean).join(' and ');
      checks.push({
        status: 'fail',
        title: `${subject}: not readable by group or others`,
        detail: `mode ${octal}: readable by ${who}`,
        fix: [`chmod 600 ${file}`],
      });
    } else {
      checks.push({ status: 'pass', title: `${subject}: not readable by group or others`, detail: `mode ${octal}` });
    }
  }
  return { checks, usable: key.ok, ...(key.ok ? { clientEmail: key.clientEmail } : {}) };
}

type ParsedKey = { ok: true; clientEmail: string; projectId: string } | { ok: false; problem: string };

function parseKey(text: string): ParsedKey {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse messages quote the text around the error: never show them, it may be a key.
    return { ok: false, problem: 'not valid JSON' };
  }
  const result = serviceAccountKeySchema.safeParse(json);
  if (result.success) return { ok: true, clientEmail: result.data.client_email, projectId: result.data.project_id };
  const type = typeof json === 'object' && json !== null && 'type' in json ? json.type : undefined;
  if (typeof type === 'string' && type !== 'service_account') {
    return { ok: false, problem: `type is "${type.slice(0, 40)}", not "service_account"` };
  }
  const fields = [...new Set(result.error.issues.map((issue) => issue.path.join('.') || '(root)'))];
  return { ok: false, problem: `missing or invalid field${fields.length > 1 ? 's' : ''}: ${fields.join(', ')}` };
}
