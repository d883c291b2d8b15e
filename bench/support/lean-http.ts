/**
 * A lean HTTP/1.1 GET client for load generation: one keep-alive socket per concurrent caller, a
 * request written as one string, the answer read by its Content-Length. On 2 shared cores the
 * load generator's CPU competes with what it measures: Node's http client and agent cost the
 * bench ~0.3 ms per request in the route phase, CPU the bare-client phase has no counterpart for
 * (there the client *is* what is measured), so the route was measured against extra load of the
 * bench's own making (docs/decisions/0011). Answers must carry Content-Length (no chunked bodies).
 */
import net from "node:net";

export interface LeanAnswer {
  status: number;
  /** The header block, lower-cased names as sent (`server-timing: …`). */
  head: string;
  bodyBytes: number;
}

const HEAD_END = Buffer.from("\r\n\r\n");

/** One connection, one request at a time (as a browser's or an agent's keep-alive socket). */
export class LeanConnection {
  private socket: net.Socket | undefined;
  private pending: { resolve(a: LeanAnswer): void; reject(e: Error): void } | undefined;
  private chunks: Buffer[] = [];
  private received = 0;
  private head: { status: number; text: string; length: number; bodyStart: number } | undefined;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  get(path: string): Promise<LeanAnswer> {
    if (this.pending) return Promise.reject(new Error("LeanConnection: one request at a time"));
    const socket = this.connect();
    return new Promise<LeanAnswer>((resolve, reject) => {
      this.pending = { resolve, reject };
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\n\r\n`);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private connect(): net.Socket {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = net.connect(this.port, this.host);
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    const fail = (error: Error) => {
      this.socket = undefined;
      this.reset();
      const pending = this.pending;
      this.pending = undefined;
      pending?.reject(error);
    };
    socket.on("error", fail);
    socket.on("close", () => fail(new Error("connection closed")));
    this.socket = socket;
    return socket;
  }

  private reset() {
    this.chunks = [];
    this.received = 0;
    this.head = undefined;
  }

  private onData(chunk: Buffer) {
    this.chunks.push(chunk);
    this.received += chunk.length;
    if (!this.head) {
      const all = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks);
      const end = all.indexOf(HEAD_END);
      if (end < 0) return;
      const text = all.toString("latin1", 0, end).toLowerCase();
      const length = /\r\ncontent-length: *(\d+)/.exec(text);
      if (!length) {
        this.socket?.destroy(new Error("LeanConnection: answer without Content-Length"));
        return;
      }
      this.head = { status: Number(text.slice(9, 12)), text, length: Number(length[1]), bodyStart: end + HEAD_END.length };
      this.chunks = [all];
    }
    const { status, text, length, bodyStart } = this.head;
    if (this.received < bodyStart + length) return;
    if (this.received > bodyStart + length) {
      this.socket?.destroy(new Error("LeanConnection: more bytes than Content-Length"));
      return;
    }
    this.reset();
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve({ status, head: text, bodyBytes: length });
  }
}
