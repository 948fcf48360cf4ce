"use strict";
// Preloaded with `node -r` to run the repository's examples on CDK Terrain: with
// HWSG_CDK_CORE=cdktn, the examples' own `require("cdktf")` loads cdktn, as in an app whose only
// core is cdktn (the repository has both installed; jest does the same with moduleNameMapper).
// Without that variable it changes nothing.
const Module = require("module");

if (process.env.HWSG_CDK_CORE === "cdktn") {
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return resolve.call(this, request === "cdktf" ? "cdktn" : request, ...rest);
  };
}
