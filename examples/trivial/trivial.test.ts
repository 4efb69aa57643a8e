import { describe, expect, it } from "vitest";
import { pathSignature } from "../../src/index.ts";
import { scenario } from "./scenario.ts";

describe("scenario 1: exhaustive interleavings", () => {
  it("converges to one state, A-Final, by exactly four unique effectful paths", async () => {
    const { builder, initial } = scenario.build();
    const result = await builder.build().explore(initial);
    expect(result.complete).toBe(true);
    expect(result.abortedStates).toHaveLength(0);
    expect(result.nonConverging).toHaveLength(0);
    expect(result.convergedStates).toHaveLength(1);
    const [state] = result.convergedStates;
    const foo = state!.objects.find((o) => o.kind === "Foo") as { status: { state: string } };
    expect(foo.status.state).toBe("A-Final");
    expect(state!.paths.map(pathSignature).sort()).toEqual(
      ["BarController@1,BarController@1", "BarController@1,FooController@1", "FooController@1,BarController@1", "FooController@1,FooController@1"].sort(),
    );
  });

  it("gives the same ids, counts and paths on every run and with either engine", async () => {
    const run = async (engine: "wasm" | "reference") => {
      const { builder, initial } = scenario.build();
      const r = await builder.build().explore(initial, { engine });
      return r.convergedStates.map((s) => ({ id: s.id, count: s.pathCount, paths: s.paths.map(pathSignature) }));
    };
    const a = await run("wasm");
    expect(await run("wasm")).toEqual(a);
    expect(await run("reference")).toEqual(a);
  });
});
