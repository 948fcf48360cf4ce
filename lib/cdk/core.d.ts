// Types of ./core.js while compiling hwsg's repository: cdktf's API, which cdktn shares. The
// published package replaces this file with one that names the app's core (scripts/build-package.js).
export * from "cdktf";
