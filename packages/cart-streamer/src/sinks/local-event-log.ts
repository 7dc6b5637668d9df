import { LOCAL_SUBSCRIPTION_NAME, localMessageId, messageIdOf } from '../core/event-log.js';
import { EVENT_SOURCE } from '../core/events.js';
import { eventLogFile } from '../core/paths.js';
import { type ChangePlan, TYPES } from '../core/plan.js';
import type { FileWriter, FileStorage } from '../io/storage.js';
import type { EventSink, PublishResult, SinkBatch } from '../types.js';

export interface LocalEventLogSinkOptions {
  eventsDir: string;
  storage: FileStorage;
  /** Default: the current time. */
  now?: () => Date;
}

/**
 * The local event log (contract): one JSON-lines file per batch under
 * `{eventsDir}/carts-events/date=YYYY-MM-DD/`, each line the row a Pub/Sub BigQuery subscription
 * writes. The file is written as a stream and appears, named after the batch, only once complete,
 * so a re-emitted batch replaces its file instead of duplicating it. All or nothing: a write error
 * rejects and leaves no file.
 */
export function createLocalEventLogSink(options: LocalEventLogSinkOptions): EventSink {
  const now = options.now ?? (() => new Date());
  return {
    description: `local event log ${options.eventsDir}`,
    deadLetters: false,
    begin(createdAt): SinkBatch {
      let writer: FileWriter | undefined;
      let publishTime: string | undefined;
      let rows: PlanRows | undefined;
      const target = (batchId: string) => eventLogFile(options.eventsDir, { id: batchId, createdAt });
      return {
        async send(messages) {
          publishTime ??= now().toISOString();
          writer ??= await options.storage.create(target('pending'));
          const results: PublishResult[] = [];
          const head = `{"subscription_name":${JSON.stringify(LOCAL_SUBSCRIPTION_NAME)},"message_id":"`;
          const time = `","publish_time":${JSON.stringify(publishTime)},"attributes":`;
          // The rows of toEventLogRow, as text (keys in the subscription's order), each written into
          // the writer's buffer as it is built: cheaper than gathering them into one long string
          // (measured: about a quarter less per row), which must be flattened before it is encoded.
          let full = false;
          for (const message of messages) {
            const messageId = localMessageId(message);
            full = !writer.write(`${head}${messageId}${time}${attributesJson(message.attributes)},"data":${JSON.stringify(message.data)}}\n`) || full;
            results.push({ status: 'published', messageId });
          }
          if (full) await writer.drain();
          return results;
        },
        async sendPlan(plan, from, to, detectedAt) {
          publishTime ??= now().toISOString();
          writer ??= await options.storage.create(target('pending'));
          rows ??= new PlanRows(publishTime, detectedAt);
          const eventIds = rows.write(plan, from, to, writer);
          if (rows.full) await writer.drain();
          return eventIds;
        },
        async finish(batchId) {
          if (writer) await writer.commit(target(batchId));
        },
        async abort() {
          await writer?.abort();
        },
      };
    },
    close: () => Promise.resolve(),
  };
}

/**
 * The rows `send` writes for the messages of a plan (`eventMessage` of each change), built as bytes
 * from the plan's columns: no message, no data string and no escaped copy of it per event (which
 * made event building the largest part of a cold start). The row's fixed parts are made once per
 * batch with the same JSON functions as `send`; the before and after images (JSON texts in the
 * plan's arenas) are escaped byte by byte when they are printable ASCII, the canonical JSON of a
 * cart always, and by `JSON.stringify` otherwise. local-event-log.test.ts checks both paths give the
 * same bytes.
 */
export class PlanRows {
  /** Whether the file writer asked to wait (the caller drains it). */
  full = false;
  private block = Buffer.allocUnsafe(ROWS_BLOCK);
  private used = 0;
  private readonly encoding: 'latin1' | 'utf8';
  private readonly head: string;
  private readonly attributes: string;
  private readonly types: string[];
  private readonly toData: string;
  private readonly tail: Buffer;

  constructor(publishTime: string, detectedAt: string) {
    const escape = (text: string) => JSON.stringify(text).slice(1, -1);
    this.head = `{"subscription_name":${JSON.stringify(LOCAL_SUBSCRIPTION_NAME)},"message_id":"`;
    const attributes = `","publish_time":${JSON.stringify(publishTime)},"attributes":{"ce-specversion":"1.0","ce-id":"`;
    this.types = TYPES.map((type) => `","ce-type":${JSON.stringify(type)},"ce-source":${JSON.stringify(EVENT_SOURCE)},"ce-subject":"cart/`);
    this.toData = `","ce-time":${JSON.stringify(detectedAt)},"content-type":"application/json"},"data":"${escape('{"cart_id":')}`;
    this.attributes = attributes;
    this.tail = Buffer.from(`${escape(`,"detected_at":${JSON.stringify(detectedAt)}}`)}"}\n`, 'utf8');
    // The fixed parts are ASCII unless the times are odd: then every part is written as UTF-8.
    this.encoding = /^[\x20-\x7e]*$/.test(this.attributes + this.toData) ? 'latin1' : 'utf8';
  }

  /** Writes the rows of events `[from, to)` to `writer`; returns their event ids. */
  write(plan: ChangePlan, from: number, to: number, writer: FileWriter): string[] {
    const eventIds: string[] = [];
    this.full = false;
    for (let p = from; p < to; p++) {
      const eventId = plan.eventId(p);
      eventIds.push(eventId);
      const id = plan.ids[p]!;
      const head = `${this.head}${messageIdOf(eventId)}${this.attributes}${eventId}${this.types[plan.types[p]!]}${id}${this.toData}${id}${USER_ID}${plan.userIds[p]!}${VERSION}${plan.versions[p]!}${BEFORE}`;
      const before = plan.beforeOf[p]!;
      const after = plan.afterOf[p]!;
      const beforeBytes = before >= 0 ? plan.befores.bytes(before) : NULL;
      const afterBytes = after >= 0 ? plan.afters.bytes(after) : NULL;
      // At most 3 bytes per UTF-16 unit of text, and 6 per byte of an escaped image (`\u001f`).
      this.reserve(head.length * 3 + (beforeBytes.length + afterBytes.length) * 6 + AFTER.length + this.tail.length, writer);
      const block = this.block;
      let at = this.used;
      at += block.write(head, at, this.encoding);
      at = before >= 0 ? putEscaped(block, at, beforeBytes) : at + NULL.copy(block, at);
      at += AFTER.copy(block, at);
      at = after >= 0 ? putEscaped(block, at, afterBytes) : at + NULL.copy(block, at);
      at += this.tail.copy(block, at);
      this.used = at;
    }
    this.flush(writer);
    return eventIds;
  }

  private reserve(bytes: number, writer: FileWriter): void {
    if (this.used + bytes <= this.block.length) return;
    this.flush(writer);
    if (bytes > this.block.length) this.block = Buffer.allocUnsafe(bytes);
  }

  private flush(writer: FileWriter): void {
    if (this.used === 0) return;
    // The writer copies the bytes: the block is reused at once.
    this.full = !writer.write(this.block.subarray(0, this.used)) || this.full;
    this.used = 0;
  }
}

const ROWS_BLOCK = 256 << 10;
const USER_ID = JSON.stringify(',"user_id":').slice(1, -1);
const VERSION = JSON.stringify(',"version":').slice(1, -1);
const BEFORE = JSON.stringify(',"before":').slice(1, -1);
const AFTER = Buffer.from(JSON.stringify(',"after":').slice(1, -1), 'latin1');
const NULL = Buffer.from('null', 'latin1');

/**
 * Writes `bytes` (a JSON text, UTF-8) as `JSON.stringify` escapes its text inside a string, at
 * `at`; returns the end. Printable ASCII needs only `"` and `\\` escaped; anything else (control
 * characters, non-ASCII, bytes that are not UTF-8) goes through `JSON.stringify` of the decoded text.
 */
function putEscaped(block: Buffer, at: number, bytes: Buffer): number {
  const start = at;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 0x22 || c === 0x5c) {
      block[at++] = 0x5c;
      block[at++] = c;
    } else if (c >= 0x20 && c < 0x7f) block[at++] = c;
    else return start + block.write(JSON.stringify(bytes.toString('utf8')).slice(1, -1), start, 'utf8');
  }
  return at;
}

/**
 * `JSON.stringify(attributes)`, built as text when no key or value needs escaping (the attributes of
 * an event always: ids, types, paths, times), which costs about a third less per row.
 */
export function attributesJson(attributes: Record<string, string>): string {
  let text = '{';
  for (const key in attributes) {
    const value = attributes[key]!;
    if (needsEscape(key) || needsEscape(value)) return JSON.stringify(attributes);
    text += `${text.length === 1 ? '' : ','}"${key}":"${value}"`;
  }
  return `${text}}`;
}

function needsEscape(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A quote, a backslash, a control character, or a surrogate (JSON.stringify escapes lone ones).
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}
