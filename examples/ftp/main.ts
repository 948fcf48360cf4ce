/**
 * Entry point of the ftp example (seed 000 tables 5–6):
 * `npx ts-node examples/ftp/main.ts` synthesizes ./stack.ts into cdktf.out/.
 */
import { App } from "cdktf";
import { FtpStack } from "./stack";

const app = new App();
new FtpStack(app, "ftp");
app.synth();
