#!/usr/bin/env node
// The `pop` command. A committed launcher, so npm can link the bin at install time, before
// `prepare` has compiled dist/.
import "../dist/main.js";
