/**
 * Entry point of the managed-services example: `npx ts-node examples/managed-services/main.ts`
 * synthesizes ./stack.ts into cdktf.out/.
 */
import { App } from "cdktf";
import { ManagedServicesStack } from "./stack";

const app = new App();
new ManagedServicesStack(app, "managed-services");
app.synth();
