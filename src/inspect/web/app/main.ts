import { looksLikeTraceText } from "../../../trace/traceSignature.ts";
import { InspectorApp } from "./inspectorApp.ts";
import { TraceInspector } from "./traceInspector.ts";
import "./inspector.css";

/**
 * Page entry. `kamera serve` marks the page with `<meta name="kamera-results" content="<url>">`;
 * the page then fetches that result and opens it: a trace (recognised by its header line, as the
 * command line does) in the trace lenses, anything else as a dump. Without the mark
 * (`npm run web`, a static copy) it waits for a dump to be opened or an example to be run.
 */
const root = document.getElementById("app");
if (!root) throw new Error("the page has no #app element");

const served = document.querySelector<HTMLMetaElement>('meta[name="kamera-results"]')?.content;
if (served) {
  const name = decodeURIComponent(served.split("/").pop() ?? served);
  fetch(served)
    .then(async (response) => {
      if (!response.ok) throw new Error(`the server answered ${response.status} ${response.statusText}`);
      const text = await response.text();
      if (looksLikeTraceText(text)) new TraceInspector(root).load(text, name);
      else new InspectorApp(root).loadDumpText(text, name, "served");
    })
    .catch((e: unknown) => new InspectorApp(root).showError(`cannot fetch the served result ${served}: ${e instanceof Error ? e.message : String(e)}`));
} else {
  new InspectorApp(root);
}
