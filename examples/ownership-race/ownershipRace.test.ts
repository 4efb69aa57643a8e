import { describe, expect, it } from "vitest";
import { pathSignature } from "../../src/index.ts";
import { scenario } from "./scenario.ts";

describe("scenario 3: ownership race", () => {
  it("converges to one state owned by alpha, by the paths Alpha@1 and Beta@1,Alpha@1", async () => {
    const { builder, initial } = scenario.build();
    const result = await builder.build().explore(initial);
    expect(result.abortedStates).toHaveLength(0);
    expect(result.convergedStates).toHaveLength(1);
    const [state] = result.convergedStates;
    expect((state!.objects[0] as { status: { owner: string } }).status.owner).toBe("alpha");
    expect(state!.paths.map(pathSignature).sort()).toEqual(["AlphaController@1", "BetaController@1,AlphaController@1"]);
  });
});
