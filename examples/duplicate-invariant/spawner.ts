import { isNotFound, type Client, type KubeObject, type Reconciler, type Request } from "../../src/index.ts";
import { fooRef, type Foo } from "../common/foo.ts";

/** A Foo that asks for `spec.replicas` pods and records how many exist in `status.created`. */
export interface ReplicatedFoo extends Foo {
  spec: Foo["spec"] & { replicas: number };
  status?: Foo["status"] & { created?: number };
}

async function getFoo(client: Client, req: Request): Promise<ReplicatedFoo | undefined> {
  try {
    return await client.get<ReplicatedFoo>(fooRef(req.name, req.namespace));
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/**
 * Creates a pod whenever the recorded count is below the desired one. The bug: it trusts
 * `status.created`, which another controller maintains, instead of counting pods itself — so if it
 * runs twice before the count is recorded, it creates a duplicate. The fixed variant
 * (`countsPods`) counts the pods it can see instead.
 */
export class Spawner implements Reconciler {
  constructor(
    private readonly client: Client,
    private readonly countsPods = false,
  ) {}

  async reconcile(req: Request): Promise<void> {
    const foo = await getFoo(this.client, req);
    if (!foo) return;
    const existing = this.countsPods
      ? (await this.client.list("v1", "Pod", { namespace: req.namespace, labelSelector: `foo=${req.name}` })).length
      : (foo.status?.created ?? 0);
    if (existing >= foo.spec.replicas) return;
    const pod: KubeObject = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        generateName: `${foo.metadata.name}-`,
        namespace: foo.metadata.namespace,
        labels: { foo: foo.metadata.name },
        ownerReferences: [
          { apiVersion: foo.apiVersion, kind: foo.kind, name: foo.metadata.name, uid: String(foo.metadata.uid), controller: true },
        ],
      },
      spec: { containers: [{ name: "main", image: "busybox" }] },
    };
    await this.client.create(pod);
  }
}

/** Records how many pods a Foo has. */
export class Recorder implements Reconciler {
  constructor(private readonly client: Client) {}

  async reconcile(req: Request): Promise<void> {
    const foo = await getFoo(this.client, req);
    if (!foo) return;
    const pods = await this.client.list("v1", "Pod", { namespace: req.namespace, labelSelector: `foo=${req.name}` });
    if ((foo.status?.created ?? 0) === pods.length) return;
    await this.client.updateStatus({ ...foo, status: { ...foo.status, created: pods.length } });
  }
}
