import { coreContract } from "./coreContract.ts";

coreContract("reference");
