import { coreContract } from "./coreContract.ts";

coreContract("reference", 50_000);
