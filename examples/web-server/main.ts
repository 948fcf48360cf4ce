/**
 * Entry point of the web-server example (seed 000 table 7, seed 001 case 1):
 * `npx ts-node examples/web-server/main.ts` synthesizes ./stack.ts into cdktf.out/.
 */
import { App } from "cdktf";
import { WebServerStack } from "./stack";

const app = new App();
new WebServerStack(app, "web-server");
app.synth();
