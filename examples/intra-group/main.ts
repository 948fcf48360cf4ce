/**
 * Entry point of the intra-group example (seed 002):
 * `npx ts-node examples/intra-group/main.ts` synthesizes ./stack.ts into cdktf.out/.
 */
import { App } from "cdktf";
import { IntraGroupStack } from "./stack";

const app = new App();
new IntraGroupStack(app, "intra-group");
app.synth();
