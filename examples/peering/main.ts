/**
 * Entry point of the peering example (seed 003 figure 4):
 * `npx ts-node examples/peering/main.ts` synthesizes ./stack.ts into cdktf.out/.
 */
import { App } from "cdktf";
import { PeeringStack } from "./stack";

const app = new App();
new PeeringStack(app, "peering");
app.synth();
