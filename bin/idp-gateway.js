#!/usr/bin/env node
// `idp-gateway <command>`: registers tsx's loader in this very process and runs src/cli/main.ts. No wrapper
// child process (as the `tsx` command would start), so SIGINT/SIGTERM/SIGKILL sent to this pid reach the
// gateway itself, and its exit code is this process's.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
