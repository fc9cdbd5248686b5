"""A small TCP proxy for fault tests: forwards to a server until the test stops it.

`TcpProxy(host, port).start()` listens on 127.0.0.1 on a port below 32768;
`stop()` closes the listener and every forwarded connection, so the server
behind it becomes unreachable (connection refused). With `hang=True` it
accepts connections and never answers, like a database that hangs.
"""

import random
import socket
import threading

ACCEPT_POLL_SECONDS = 0.1


class TcpProxy:
    def __init__(self, target_host: str, target_port: int, hang: bool = False):
        self.target = (target_host, target_port)
        self.hang = hang
        self.port = 0
        self._listener: socket.socket | None = None
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._stopped = threading.Event()
        self._lock = threading.Lock()

    def start(self) -> "TcpProxy":
        self._listener = _listen_below_32768()
        self._listener.settimeout(ACCEPT_POLL_SECONDS)
        self.port = self._listener.getsockname()[1]
        self._spawn(self._accept_loop)
        return self

    def stop(self) -> None:
        """Refuse new connections and cut the open ones."""
        self._stopped.set()
        if self._listener is not None:
            self._listener.close()
        with self._lock:
            for sock in self._sockets:
                _close(sock)
            self._sockets.clear()
        for thread in self._threads:
            thread.join(timeout=2)

    def cut(self) -> None:
        """Cut the open connections but keep accepting new ones (the database restarted)."""
        with self._lock:
            for sock in self._sockets:
                _close(sock)
            self._sockets.clear()

    def _spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _keep(self, sock: socket.socket) -> bool:
        with self._lock:
            if self._stopped.is_set():
                _close(sock)
                return False
            self._sockets.append(sock)
            return True

    def _accept_loop(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self._keep(client) or self.hang:
                continue  # hanging: hold the connection, never answer
            try:
                upstream = socket.create_connection(self.target, timeout=2)
            except OSError:
                _close(client)
                continue
            if not self._keep(upstream):
                continue
            self._spawn(_pump, client, upstream)
            self._spawn(_pump, upstream, client)


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        source.settimeout(None)
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        _close(sink)
        _close(source)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


def _listen_below_32768() -> socket.socket:
    for _ in range(50):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.bind(("127.0.0.1", random.randint(20000, 32000)))
        except OSError:
            sock.close()
            continue
        sock.listen(16)
        return sock
    raise RuntimeError("no free port below 32768 for the test proxy")


def closed_port() -> int:
    """A port below 32768 on 127.0.0.1 where nothing listens (connections are refused)."""
    sock = _listen_below_32768()
    port = sock.getsockname()[1]
    sock.close()
    return port
