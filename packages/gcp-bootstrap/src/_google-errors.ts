import { CloudConfigError, type CloudFaultContext, classifyCloudError, isConfigurationFault } from '@fakestore/shared-core';
import { z } from 'zod';
import type { GcpResponse } from './types.js';

const errorBody = z.looseObject({
  error: z.looseObject({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    errors: z.array(z.looseObject({ reason: z.string().optional() })).optional(),
    details: z
      .array(z.looseObject({ reason: z.string().optional(), metadata: z.record(z.string(), z.string()).optional() }))
      .optional(),
  }),
});

const statusText: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** `404 Not Found: The specified bucket does not exist.`, short enough for one checklist line. */
export function describeResponse(response: GcpResponse): string {
  const parsed = errorBody.safeParse(response.data);
  const message = parsed.success ? parsed.data.error.message : undefined;
  const head = `${response.status} ${statusText[response.status] ?? ''}`.trim();
  if (!message) return head;
  const oneLine = message.replace(/\s+/g, ' ').trim();
  return `${head}: ${oneLine.length > 160 ? `${oneLine.slice(0, 157)}...` : oneLine}`;
}

/**
 * The API that is disabled in the project, when the response says so: Google answers 403
 * with an ErrorInfo `SERVICE_DISABLED` (metadata.service) or, in older APIs, `accessNotConfigured`.
 */
export function disabledService(response: GcpResponse): string | true | undefined {
  if (response.status !== 403) return undefined;
  const parsed = errorBody.safeParse(response.data);
  if (!parsed.success) return undefined;
  const { details = [], errors = [], message = '' } = parsed.data.error;
  const info = details.find((detail) => detail.reason === 'SERVICE_DISABLED');
  if (info) return info.metadata?.service ?? true;
  if (errors.some((error) => error.reason === 'accessNotConfigured') || /has not been used in project|is disabled/i.test(message)) {
    return /([a-z0-9-]+\.googleapis\.com)/.exec(message)?.[1] ?? true;
  }
  return undefined;
}

/** A network-level failure (no response) as one line. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const oneLine = message.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 197)}...` : oneLine;
}

/**
 * A Google answer (or a failed request: a refused token) that no retry fixes, as the
 * CloudConfigError every tool exits 2 with: a missing role, a disabled API, rejected credentials.
 * `undefined` for anything else.
 */
/** `answer` is a `GcpResponse` or a thrown error. */
export function refusal(answer: unknown, context: CloudFaultContext): CloudConfigError | undefined {
  if (answer instanceof CloudConfigError) return answer;
  const error = isResponse(answer) ? { response: { status: answer.status, data: answer.data } } : answer;
  const fault = classifyCloudError(error, context);
  return isConfigurationFault(fault) ? new CloudConfigError(fault.line, { kind: fault.kind, cause: answer }) : undefined;
}

function isResponse(value: unknown): value is GcpResponse {
  return typeof value === 'object' && value !== null && 'status' in value && 'data' in value && !(value instanceof Error);
}
