/**
 * Entry point of the default example app (cdktf.json, `npm run synth`): synthesizes the
 * three-tier stack of ./stack.ts (seed 000 tables 4, 7, 9–12; seed 001 cases 1–3 and 6) into
 * cdktf.out/, proving its intents and linting its rules on the way.
 */
import { App } from "cdktf";
import { ThreeTierStack } from "./stack";

const app = new App();
new ThreeTierStack(app, "three-tier");
app.synth();
