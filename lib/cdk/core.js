"use strict";
// The app's CDK core (cdktf or cdktn, as ./choose-core decides): every module of hwsg that needs
// the core requires this one, so hwsg's constructs extend the app's own classes. Its types
// (core.d.ts) are cdktf's in hwsg's repository and, in the published package, whichever core the
// app has (see scripts/build-package.js).
module.exports = require("./choose-core").loadCdkCore();
