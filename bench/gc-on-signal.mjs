// Preloaded into the gateway by the memory figure (node --expose-gc --import ./bench/gc-on-signal.mjs): SIGUSR2
// runs a full garbage collection, so that the resident size read afterwards is what the process retains, not
// how far its heap happened to have grown since the last collection. Plain JS: it loads before tsx does.
if (typeof globalThis.gc === 'function') process.on('SIGUSR2', () => globalThis.gc());
