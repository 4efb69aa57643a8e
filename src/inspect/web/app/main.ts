import { InspectorApp } from "./inspectorApp.ts";
import "./inspector.css";

/**
 * Page entry. `kamera serve` marks the page with `<meta name="kamera-results" content="<url>">`;
 * the page then fetches and opens that result. Without the mark (`npm run web`, a static copy)
 * it waits for a dump to be opened or an example to be run.
 */
const root = document.getElementById("app");
if (!root) throw new Error("the page has no #app element");
const app = new InspectorApp(root);

const served = document.querySelector<HTMLMetaElement>('meta[name="kamera-results"]')?.content;
if (served) {
  fetch(served)
    .then(async (response) => {
      if (!response.ok) throw new Error(`the server answered ${response.status} ${response.statusText}`);
      const name = decodeURIComponent(served.split("/").pop() ?? served);
      app.loadDumpText(await response.text(), name, "served");
    })
    .catch((e: unknown) => app.showError(`cannot fetch the served result ${served}: ${e instanceof Error ? e.message : String(e)}`));
}
