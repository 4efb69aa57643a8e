import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** The browser inspector built for this run (test/web/webAppGlobalSetup.ts). */
    webAppDir: string;
  }
}

/**
 * The browser inspector as built for this run from the current sources, once for all the test
 * files that serve it (test/web/webAppGlobalSetup.ts, the "page" project in vitest.config.ts).
 */
export function builtWebApp(): string {
  const dir = inject("webAppDir");
  if (!dir) {
    throw new Error("no browser inspector was built for this run: this test file must be in the \"page\" project of vitest.config.ts, whose global setup builds it");
  }
  return dir;
}
