/**
 * Entry point of the default example app (cdktf.json): synthesizes the three-tier stack of
 * ./stack.ts into cdktf.out/.
 */
import { App } from "cdktf";
import { ThreeTierStack } from "./stack";

const app = new App();
new ThreeTierStack(app, "three-tier");
app.synth();
