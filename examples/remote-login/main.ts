/**
 * Entry point of the remote-login example (seed 000 tables 2–4, seed 001 case 2):
 * `npx ts-node examples/remote-login/main.ts` synthesizes ./stack.ts into cdktf.out/.
 */
import { App } from "cdktf";
import { RemoteLoginStack } from "./stack";

const app = new App();
new RemoteLoginStack(app, "remote-login");
app.synth();
