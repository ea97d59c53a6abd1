import { Server } from 'node:net';

/**
 * Preloaded (`node --require`) into a server process that takes its port from PORT=0: prints
 * `LISTENING <port>` on stderr once it listens, so a test learns the port the OS chose without
 * touching the server's code.
 */
const listen = Server.prototype.listen;
Server.prototype.listen = function reportingListen(this: Server, ...args: unknown[]) {
  this.once('listening', () => {
    const address = this.address();
    if (address && typeof address === 'object') process.stderr.write(`LISTENING ${address.port}\n`);
  });
  return (listen as (...a: unknown[]) => Server).apply(this, args);
} as typeof Server.prototype.listen;
