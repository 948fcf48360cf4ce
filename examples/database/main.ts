/**
 * Entry point of the database example (seed 000 table 10, seed 001 case 3):
 * `npx ts-node examples/database/main.ts` synthesizes ./stack.ts into cdktf.out/.
 */
import { App } from "cdktf";
import { DatabaseStack } from "./stack";

const app = new App();
new DatabaseStack(app, "database");
app.synth();
