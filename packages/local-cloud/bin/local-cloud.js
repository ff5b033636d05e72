#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by the package's build.
require('../dist/cli.js');
