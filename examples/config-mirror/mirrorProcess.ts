// The mirror controller as a process of its own, traced: what `npm run demo:trace` runs against
// `kamera serve-api`. Usage: tsx mirrorProcess.ts <kubeconfig> <trace.jsonl>
// It prints "idle" whenever its queue drains, and stops (closing the trace) on SIGTERM or SIGINT.
import { readFile } from "node:fs/promises";
import { openTraceFile } from "../../src/index.ts";
import { startLiveController } from "./liveController.ts";
import { MirrorReconciler } from "./mirrorReconciler.ts";

const [kubeconfigPath, tracePath] = process.argv.slice(2);
if (!kubeconfigPath || !tracePath) {
  process.stderr.write("usage: mirrorProcess.ts <kubeconfig> <trace.jsonl>\n");
  process.exit(2);
}
const sink = await openTraceFile(tracePath);
const loop = await startLiveController({
  kubeconfig: await readFile(kubeconfigPath, "utf8"),
  namespace: "default",
  controller: "MirrorController",
  sink,
  make: (api) => new MirrorReconciler(api),
});
process.stdout.write("started\n");
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await loop.stop();
  await sink.close();
  for (const e of loop.errors) process.stderr.write(`reconcile failed: ${e}\n`);
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// Reports idleness on request (a line on stdin), so the demo can wait for the controller to settle.
process.stdin.setEncoding("utf8");
process.stdin.on("data", () => {
  void loop.idle().then(() => process.stdout.write("idle\n"));
});
