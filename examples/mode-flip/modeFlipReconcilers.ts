import { isNotFound, type Client, type Reconciler, type Request } from "../../src/index.ts";
import { fooRef, type Foo } from "../common/foo.ts";

async function getFoo(client: Client, req: Request): Promise<Foo | undefined> {
  try {
    return await client.get<Foo>(fooRef(req.name, req.namespace));
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

const NEXT: Record<"A" | "B", Record<string, string>> = {
  A: { "": "A-1", "B-1": "A-1", "A-1": "A-2", "A-2": "A-Final" },
  B: { "": "B-1", "A-1": "B-1", "B-1": "B-2", "B-2": "B-Final" },
};

/** Advances status.state along the chain of the Foo's current mode. */
export class FooReconciler implements Reconciler {
  constructor(private readonly client: Client) {}

  async reconcile(req: Request): Promise<void> {
    const foo = await getFoo(this.client, req);
    if (!foo) return;
    const next = NEXT[foo.spec.mode][foo.status?.state ?? ""];
    if (next === undefined) return;
    await this.client.updateStatus({ ...foo, status: { ...foo.status, state: next } });
  }
}

/** Flips the mode once (at A-1 or B-1), then finishes the chain at A-2 / B-2. */
export class BarReconciler implements Reconciler {
  constructor(private readonly client: Client) {}

  async reconcile(req: Request): Promise<void> {
    const foo = await getFoo(this.client, req);
    if (!foo) return;
    const state = foo.status?.state ?? "";
    const flipped = foo.metadata.annotations?.["mode-flip-done"] !== undefined;
    if (!flipped && (state === "A-1" || state === "B-1")) {
      await this.client.update({
        ...foo,
        metadata: { ...foo.metadata, annotations: { ...foo.metadata.annotations, "mode-flip-done": "true" } },
        spec: { ...foo.spec, mode: state === "A-1" ? "B" : "A" },
      });
      return;
    }
    if (state === "A-2") await this.client.updateStatus({ ...foo, status: { ...foo.status, state: "A-Final" } });
    else if (foo.spec.mode === "B" && state === "B-2") await this.client.updateStatus({ ...foo, status: { ...foo.status, state: "B-Final" } });
  }
}
