/**
 * Entry point of the egress-whitelist example (seed 000 tables 11–12, seed 001 case 6):
 * `npx ts-node examples/egress-whitelist/main.ts` synthesizes ./stack.ts into cdktf.out/.
 */
import { App } from "cdktf";
import { EgressWhitelistStack } from "./stack";

const app = new App();
new EgressWhitelistStack(app, "egress-whitelist");
app.synth();
