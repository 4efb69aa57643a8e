import { describe, expect, it } from "vitest";
import { pathSignature, type KubeObject } from "../../src/index.ts";
import { scenario } from "./scenario.ts";

const fooOf = (objects: KubeObject[]) => objects.find((o) => o.kind === "Foo") as KubeObject & {
  status: { state: string };
  metadata: { annotations?: Record<string, string> };
};

describe("scenario 2: converged state identification", () => {
  it("converges to exactly A-Final (no annotation) and B-Final (annotated), each by its two unique paths", async () => {
    const { builder, initial } = scenario.build();
    const result = await builder.build().explore(initial);
    expect(result.complete).toBe(true);
    expect(result.abortedStates).toHaveLength(0);
    expect(result.convergedStates).toHaveLength(2);
    const byState = new Map(result.convergedStates.map((s) => [fooOf(s.objects).status.state, s]));
    const a = byState.get("A-Final")!;
    const b = byState.get("B-Final")!;
    expect(fooOf(a.objects).metadata.annotations?.["mode-flip-done"]).toBeUndefined();
    expect(a.paths.map(pathSignature).sort()).toEqual(
      ["FooController@1,FooController@1,BarController@1", "FooController@1,FooController@1,FooController@1"].sort(),
    );
    expect(fooOf(b.objects).metadata.annotations?.["mode-flip-done"]).toBe("true");
    expect(b.paths.map(pathSignature).sort()).toEqual(
      [
        "FooController@1,BarController@1,FooController@1,FooController@1,BarController@1",
        "FooController@1,BarController@1,FooController@1,FooController@1,FooController@1",
      ].sort(),
    );
  });
});
