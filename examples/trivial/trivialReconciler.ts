import { isNotFound, type Client, type Reconciler, type Request } from "../../src/index.ts";
import { fooRef, type Foo } from "../common/foo.ts";

/** Moves a Foo from "" to A-1 to A-Final, one step per reconcile. */
export class TrivialReconciler implements Reconciler {
  constructor(private readonly client: Client) {}

  async reconcile(req: Request): Promise<void> {
    let foo: Foo;
    try {
      foo = await this.client.get<Foo>(fooRef(req.name, req.namespace));
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    const state = foo.status?.state ?? "";
    const next = state === "" ? "A-1" : state === "A-1" ? "A-Final" : undefined;
    if (next === undefined) return;
    await this.client.updateStatus({ ...foo, status: { ...foo.status, state: next } });
  }
}
