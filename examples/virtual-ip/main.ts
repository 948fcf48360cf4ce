/**
 * Entry point of the virtual-ip example (seed 003 figure 3):
 * `npx ts-node examples/virtual-ip/main.ts` synthesizes ./stack.ts into cdktf.out/.
 */
import { App } from "cdktf";
import { VirtualIpStack } from "./stack";

const app = new App();
new VirtualIpStack(app, "virtual-ip");
app.synth();
