import type { ReconcileContext } from "../../src/index.ts";
import { ConditionSet, type ConditionManager } from "./conditionSet.ts";
import { GenReconciler } from "./genReconciler.ts";
import { makeRevision } from "./resources/revision.ts";
import { LABEL, SERVING_API_VERSION, type Configuration, type Revision } from "./types.ts";

/** `configCondSet`: a Configuration has only Ready (its latest created revision is its latest ready one). */
export const CONFIGURATION_CONDITIONS = new ConditionSet([]);

function generationOf(rev: Revision): number {
  return Number.parseInt(rev.metadata.labels?.[LABEL.configurationGeneration] ?? "", 10);
}

function readyOf(rev: Revision): { status: string; message?: string } | undefined {
  return rev.status?.conditions?.find((c) => c.type === "Ready");
}

/**
 * `pkg/reconciler/configuration`: stamps out one Revision per Configuration generation
 * (`<config>-00001` for generation 1) and tracks it: `latestCreatedRevisionName` is the revision
 * of the current generation, `latestReadyRevisionName` the newest revision whose Ready is True,
 * and Ready is True exactly when the two are the same.
 */
export class ConfigurationReconciler extends GenReconciler<Configuration> {
  protected readonly apiVersion = SERVING_API_VERSION;
  protected readonly kind = "Configuration";
  protected readonly conditionSet = CONFIGURATION_CONDITIONS;

  protected async reconcileKind(config: Configuration, conditions: ConditionManager, ctx: ReconcileContext): Promise<void> {
    const status = config.status!;
    const latest = (await this.latestCreatedRevision(config)) ?? (await this.client.create(makeRevision(config, ctx.now())));
    const revName = latest.metadata.name;
    // SetLatestCreatedRevisionName
    status.latestCreatedRevisionName = revName;
    if (status.latestReadyRevisionName !== revName) conditions.markUnknown("Ready", "", "");
    const rc = readyOf(latest);
    if (rc?.status === "False") {
      conditions.markFalse("Ready", "RevisionFailed", `Revision "${revName}" failed with message: ${rc.message ?? ""}.`);
    }
    await this.findAndSetLatestReadyRevision(config, conditions);
  }

  /** The revision labelled with this Configuration and its current generation, from the cache. */
  private async latestCreatedRevision(config: Configuration): Promise<Revision | undefined> {
    const list = await this.client.list<Revision>(SERVING_API_VERSION, "Revision", {
      namespace: config.metadata.namespace,
      labelSelector: `${LABEL.configuration}=${config.metadata.name},${LABEL.configurationGeneration}=${config.metadata.generation ?? 0}`,
    });
    return list[0];
  }

  /**
   * The newest ready revision at or after the current latest ready one's generation (a set-based
   * selector on the generation label, as the real reconciler builds) becomes latestReadyRevisionName.
   */
  private async findAndSetLatestReadyRevision(config: Configuration, conditions: ConditionManager): Promise<void> {
    const status = config.status!;
    const { namespace, name } = config.metadata;
    let selector = `${LABEL.configuration}=${name}`;
    if (status.latestReadyRevisionName) {
      const lrr = await this.getIfExists<Revision>({ apiVersion: SERVING_API_VERSION, kind: "Revision", namespace, name: status.latestReadyRevisionName });
      if (lrr && Number.isInteger(generationOf(lrr))) {
        const generations: number[] = [];
        for (let g = generationOf(lrr); g <= (config.metadata.generation ?? 0); g++) generations.push(g);
        selector += `,${LABEL.configurationGeneration} in (${generations.join(",")})`;
      }
    }
    const revisions = await this.client.list<Revision>(SERVING_API_VERSION, "Revision", { namespace, labelSelector: selector });
    const newestFirst = [...revisions].sort((a, b) => generationOf(b) - generationOf(a) || (a.metadata.name < b.metadata.name ? -1 : 1));
    const ready = newestFirst.find((r) => readyOf(r)?.status === "True");
    if (!ready) return;
    // SetLatestReadyRevisionName
    status.latestReadyRevisionName = ready.metadata.name;
    if (status.latestReadyRevisionName === status.latestCreatedRevisionName) conditions.markTrue("Ready");
  }
}
