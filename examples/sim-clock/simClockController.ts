import { isNotFound, type Client, type ReconcileContext, type ReconcileResult, type Reconciler, type Request } from "../../src/index.ts";
import { fooRef, type Foo } from "../common/foo.ts";

const PHASES = ["ReadyPhaseOne", "ReadyPhaseTwo", "ReadyPhaseThree"];

/** Appends one Ready phase condition per reconcile, stamped with the simulated clock, requeueing until all three are there. */
export class SimClockController implements Reconciler {
  constructor(private readonly client: Client) {}

  async reconcile(req: Request, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    let foo: Foo;
    try {
      foo = await this.client.get<Foo>(fooRef(req.name, req.namespace));
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    const conditions = foo.status?.conditions ?? [];
    if (conditions.length >= PHASES.length) return;
    const n = conditions.length + 1;
    const next = [
      ...conditions,
      { type: PHASES[n - 1]!, status: "True" as const, reason: `phase-${n}`, lastTransitionTime: ctx.now().toISOString() },
    ];
    await this.client.updateStatus({ ...foo, status: { ...foo.status, conditions: next } });
    return n < PHASES.length ? { requeue: true } : undefined;
  }
}
