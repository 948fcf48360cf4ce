/**
 * Entry point of the group-to-group example (seed 000 table 9, seed 003 figure 2):
 * `npx ts-node examples/group-to-group/main.ts` synthesizes ./stack.ts into cdktf.out/.
 */
import { App } from "cdktf";
import { GroupToGroupStack } from "./stack";

const app = new App();
new GroupToGroupStack(app, "group-to-group");
app.synth();
