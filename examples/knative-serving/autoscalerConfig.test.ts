import { describe, expect, it } from "vitest";
import { DEFAULT_AUTOSCALER_CONFIG, parseAutoscalerConfig } from "./autoscalerConfig.ts";

const configMap = (data: Record<string, string>) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "config-autoscaler", namespace: "knative-serving" }, data });

describe("parseAutoscalerConfig", () => {
  it("uses Knative's defaults without a ConfigMap and for keys it leaves out", () => {
    expect(parseAutoscalerConfig(undefined)).toEqual(DEFAULT_AUTOSCALER_CONFIG);
    expect(parseAutoscalerConfig(configMap({ "target-burst-capacity": "0" }))).toEqual({ ...DEFAULT_AUTOSCALER_CONFIG, targetBurstCapacity: 0 });
  });

  it("rejects a value that is not a number, naming the key", () => {
    expect(() => parseAutoscalerConfig(configMap({ "activator-capacity": "lots" }))).toThrow(/activator-capacity must be a number >= 1, got "lots"/);
    expect(() => parseAutoscalerConfig(configMap({ "target-burst-capacity": "" }))).toThrow(/target-burst-capacity/);
  });

  it("refuses target-burst-capacity -1, which the model does not implement", () => {
    expect(() => parseAutoscalerConfig(configMap({ "target-burst-capacity": "-1" }))).toThrow(/target-burst-capacity must be a number >= 0/);
  });
});
