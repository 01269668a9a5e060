#!/usr/bin/env node
// The `cascade` bin: runs the TypeScript CLI through tsx's CommonJS hook (no build step).
/* eslint-disable @typescript-eslint/no-require-imports */
require('tsx/cjs');
require('./main.ts').main();
