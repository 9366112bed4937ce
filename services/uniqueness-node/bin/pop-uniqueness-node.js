#!/usr/bin/env node
// The `pop-uniqueness-node` command: one MPC party. A committed launcher, so npm can link the bin
// at install time, before `prepare` has compiled dist/.
import { nodeMain } from "../dist/main.js";

process.exitCode = await nodeMain(process.argv.slice(2));
