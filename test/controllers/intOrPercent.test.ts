import { describe, expect, it } from "vitest";
import { scaledIntOrPercent } from "../../src/controllers/intOrPercent.ts";

describe("scaledIntOrPercent", () => {
  it("scales percentages up or down and passes integers through", () => {
    expect(scaledIntOrPercent("25%", 10, true)).toBe(3);
    expect(scaledIntOrPercent("25%", 10, false)).toBe(2);
    expect(scaledIntOrPercent("100%", 3, false)).toBe(3);
    expect(scaledIntOrPercent(4, 10, true)).toBe(4);
  });

  it("rejects anything else, naming the field", () => {
    expect(() => scaledIntOrPercent("25", 10, true, "maxSurge")).toThrow('maxSurge "25" is not valid');
    expect(() => scaledIntOrPercent(-1, 10, true, "maxSurge")).toThrow("maxSurge -1 is not valid");
    expect(() => scaledIntOrPercent(1.5, 10, true)).toThrow(/not valid/);
  });
});
