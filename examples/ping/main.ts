/**
 * Entry point of the ping example (seed 000 table 8):
 * `npx ts-node examples/ping/main.ts` synthesizes ./stack.ts into cdktf.out/.
 */
import { App } from "cdktf";
import { PingStack } from "./stack";

const app = new App();
new PingStack(app, "ping");
app.synth();
