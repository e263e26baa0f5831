// Types of the parts of socket.io-client 1.7.4 (installed as socket.io-client-v1, an Engine.IO 3 client) the tests use.
declare module 'socket.io-client-v1' {
  interface ManagerV1 {
    engine: { transport: { name: string } };
  }

  interface SocketV1 {
    readonly connected: boolean;
    readonly id: string;
    readonly io: ManagerV1;
    on(event: string, listener: (...args: never[]) => void): SocketV1;
    once(event: string, listener: (...args: never[]) => void): SocketV1;
    send(...args: unknown[]): SocketV1;
    emit(event: string, ...args: unknown[]): SocketV1;
    disconnect(): SocketV1;
  }

  interface ConnectOptions {
    transports?: string[];
    forceNew?: boolean;
    reconnection?: boolean;
    timeout?: number;
  }

  function io(uri: string, options?: ConnectOptions): SocketV1;
  export = io;
}
