import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApiLoad } from "../../bench/apiLoad.ts";
import { startApiServer, type ApiServer } from "../../src/serveApi/apiServer.ts";

// The benchmark (`npm run bench -- api`) runs the full size: 20 clients, 10,000 requests, 200 watches.
describe("the served API server under concurrent load", () => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("20 concurrent clients and 40 watches: no request fails and every watch sees every write once, in order", async () => {
    const report = await runApiLoad(server, { clients: 20, requests: 1000, watches: 40 });
    expect(report.errors).toEqual([]);
    expect(report.latenciesMs).toHaveLength(1000);
    expect(report.writes).toBeGreaterThan(500);
    expect(report.watchFaults).toEqual([]);
    expect(report.eventsDelivered).toBe(40 * report.writes);
  }, 60_000);
});
