/**
 * Without a trusted reverse proxy, the X-Forwarded-* headers of a request are whatever the client sent: a rotating
 * X-Forwarded-For would defeat the sign-in limit per address. Next.js keeps such headers (it only fills them in when
 * absent), so this hook, on Node's `http.server.request.start` channel (before any handler sees the request),
 * overwrites X-Forwarded-For with the socket's address and drops X-Forwarded-Host and -Proto (Next.js then fills
 * them from the connection). With SWITCHYARD_TRUST_PROXY=true it leaves them alone.
 */
import diagnostics from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

export function stampPeer(request: IncomingMessage, socket: Socket | undefined): void {
  request.headers["x-forwarded-for"] = socket?.remoteAddress ?? "";
  delete request.headers["x-forwarded-host"];
  delete request.headers["x-forwarded-proto"];
}

let installed = false;

export function installPeerAddress(trustProxy: boolean): void {
  if (installed || trustProxy) return;
  installed = true;
  diagnostics.subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket?: Socket };
    stampPeer(request, socket);
  });
}
