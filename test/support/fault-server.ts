/**
 * A loopback HTTP server that misbehaves on purpose (tests only): it accepts and never answers, sends
 * headers then stalls mid-body, resets the connection, closes after a partial body, or answers bytes that
 * are not HTTP. With an upstream (moto) it is a proxy that forwards what the test does not want to break:
 * the fault can be chosen per request from the signing service and the account the credentials belong to
 * (learnt from the AssumeRole answers it forwards), so one account of an organization can be cut off while
 * the others are scanned normally.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';

export type Fault = 'silent' | 'stall-body' | 'reset' | 'partial-close' | 'garbage' | 'pass';

export const FAULTS: Exclude<Fault, 'pass'>[] = ['silent', 'stall-body', 'reset', 'partial-close', 'garbage'];

export interface FaultRequest {
  method: string;
  url: string;
  /** The signing service from the Authorization header (`s3`, `sts`, `ec2`, …). */
  service?: string;
  accessKeyId?: string;
  /** The account whose assumed-role credentials signed the request, when the proxy saw them issued. */
  accountId?: string;
  /** The account of the role an AssumeRole request asks for. */
  assumeRoleAccount?: string;
}

export interface FaultServerOptions {
  /** Where `pass` requests go (a moto endpoint); without it every request gets a fault. */
  upstream?: string;
  fault: Fault | ((request: FaultRequest) => Fault);
}

export interface FaultServer {
  endpoint: string;
  port: number;
  /** Requests that got a fault (not passed through). */
  readonly faulted: number;
  /** Client connections open now (a stuck call the client aborted has closed its own). */
  readonly openConnections: number;
  stop(): Promise<void>;
}

const PARTIAL_BODY = '<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult><Buckets><Bucket><Name>half';

export async function startFaultServer(options: FaultServerOptions): Promise<FaultServer> {
  const sockets = new Set<Socket>();
  const accountOfKey = new Map<string, string>();
  let faulted = 0;
  const decide = typeof options.fault === 'function' ? options.fault : () => options.fault as Fault;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const described = describe(req, body.toString('utf8'), accountOfKey);
      const chosen = decide(described);
      const fault = chosen === 'pass' && !options.upstream ? 'silent' : chosen;
      if (fault === 'pass' && options.upstream) {
        forward(options.upstream, req, body, res, described.assumeRoleAccount, accountOfKey);
        return;
      }
      faulted++;
      misbehave(fault, req, res);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    get faulted() {
      return faulted;
    },
    get openConnections() {
      return sockets.size;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function misbehave(fault: Fault, req: IncomingMessage, res: ServerResponse): void {
  switch (fault) {
    case 'silent':
    case 'pass':
      return; // the socket stays open and nothing is ever written
    case 'stall-body':
      res.writeHead(200, { 'content-type': 'application/xml', 'content-length': '65536' });
      res.write(PARTIAL_BODY);
      return;
    case 'partial-close':
      res.writeHead(200, { 'content-type': 'application/xml', 'content-length': '65536' });
      res.write(PARTIAL_BODY, () => req.socket.end());
      return;
    case 'reset':
      req.socket.resetAndDestroy();
      return;
    case 'garbage':
      req.socket.end('\u0000\u0007SSH-2.0-not-http\r\n\u001b[2J\r\n\r\n');
      return;
  }
}

function describe(req: IncomingMessage, body: string, accountOfKey: Map<string, string>): FaultRequest {
  const described: FaultRequest = { method: req.method ?? 'GET', url: req.url ?? '/' };
  const credential = /Credential=([^/,\s]+)\/\d{8}\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ''));
  if (credential) {
    described.accessKeyId = credential[1];
    described.service = credential[2];
    const accountId = accountOfKey.get(credential[1] ?? '');
    if (accountId) described.accountId = accountId;
  }
  if (/AssumeRole\b/.test(body) || /AssumeRole\b/.test(String(req.headers['x-amz-target'] ?? ''))) {
    const roleArn = /arn(?::|%3A)aws[\w-]*(?::|%3A)iam(?::|%3A)(?::|%3A)(\d{12})(?::|%3A)role/i.exec(body);
    if (roleArn?.[1]) described.assumeRoleAccount = roleArn[1];
  }
  return described;
}

function forward(
  upstream: string,
  req: IncomingMessage,
  body: Buffer,
  res: ServerResponse,
  assumeRoleAccount: string | undefined,
  accountOfKey: Map<string, string>,
): void {
  const target = new URL(upstream);
  const outgoing = httpRequest(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const text = Buffer.concat(chunks);
        if (assumeRoleAccount) {
          const key = /<AccessKeyId>([^<]+)<\/AccessKeyId>|"AccessKeyId"\s*:\s*"([^"]+)"/.exec(text.toString('utf8'));
          const id = key?.[1] ?? key?.[2];
          if (id) accountOfKey.set(id, assumeRoleAccount);
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.end(text);
      });
    },
  );
  outgoing.on('error', () => res.destroy());
  outgoing.end(body);
}
