import { coreContract } from "./coreContract.ts";

coreContract("wasm");
