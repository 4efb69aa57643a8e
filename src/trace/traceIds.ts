import { randomUUID } from "node:crypto";

/** Makes ids for events and reconciles: random UUIDs by default; tests pass a counter. */
export type NewId = () => string;

export const randomId: NewId = () => randomUUID();
