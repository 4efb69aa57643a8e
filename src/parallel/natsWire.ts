import { deserialize, serialize } from "node:v8";

/*
 * How parallel-exploration messages ride on NATS: `v8.serialize`d (typed arrays, maps and
 * bigints survive; both ends are Node), split into parts below the server's payload limit (1 MB
 * by default). Each part starts with a 4-byte header: a flag byte (0 = more parts follow, 1 =
 * last part) and the sender's index as a little-endian u16 (0xffff for the coordinator), so that a
 * receiver reassembles each sender's parts (NATS keeps one publisher's messages in order).
 */

/** The sender index of the coordinator. */
export const COORDINATOR = 0xffff;
/** Payload bytes per part: well under the NATS server's default max_payload of 1 MB. */
const PART_BYTES = 512 * 1024;
const HEADER = 4;

/** The NATS payloads carrying `msg` from `sender`. */
export function encodeParts(sender: number, msg: unknown): Uint8Array[] {
  const body = serialize(msg);
  const parts: Uint8Array[] = [];
  for (let at = 0; at < body.length || parts.length === 0; at += PART_BYTES) {
    const chunk = body.subarray(at, Math.min(body.length, at + PART_BYTES));
    const part = new Uint8Array(HEADER + chunk.length);
    part[0] = at + PART_BYTES >= body.length ? 1 : 0;
    part[1] = sender & 0xff;
    part[2] = sender >> 8;
    part.set(chunk, HEADER);
    parts.push(part);
  }
  return parts;
}

/** Reassembles the messages of every sender on one subject. */
export class PartAssembler {
  private readonly partial = new Map<number, Uint8Array[]>();

  /** Takes one payload; returns the message it completes, if it completes one. */
  accept(payload: Uint8Array): { sender: number; msg: unknown } | undefined {
    if (payload.length < HEADER) throw new Error(`a NATS message of ${payload.length} bytes is too short to be a kamera message`);
    const sender = payload[1]! | (payload[2]! << 8);
    const body = payload.subarray(HEADER);
    const waiting = this.partial.get(sender);
    if (payload[0] === 0) {
      if (waiting) waiting.push(body);
      else this.partial.set(sender, [body]);
      return undefined;
    }
    if (!waiting) return { sender, msg: deserialize(body) };
    this.partial.delete(sender);
    waiting.push(body);
    return { sender, msg: deserialize(Buffer.concat(waiting)) };
  }
}
