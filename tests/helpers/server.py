"""Start the real platform server as a child process on a free 127.0.0.1 port, for tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

DEMO_PASSWORD = "demo"
POSTGRES_ADMIN_URL = os.environ.get("WORKSTATION_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServerProcess:
    url: str
    db_url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    args: list[str] = field(default_factory=list)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def login(self, username: str, password: str = DEMO_PASSWORD) -> str:
        answer = httpx.post(f"{self.url}/api/v1/auth/login", json={"username": username, "password": password})
        answer.raise_for_status()
        return str(answer.json()["token"])


def start_server(db_url: str, log_dir: Path, *extra: str, seed: str = "demo", timeout: float = 60) -> ServerProcess:
    """Run `workstation-server` and wait until /api/v1/health answers."""
    port = free_port()
    args = [sys.executable, "-m", "workstation.server.cli", "--db", db_url,
            "--host", "127.0.0.1", "--port", str(port), "--seed", seed, *extra]
    log_path = log_dir / f"server-{port}.log"
    log_file = log_path.open("wb")
    process = subprocess.Popen(args, stdout=log_file, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                return ServerProcess(url, db_url, process, log_path, args)
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"server did not answer within {timeout}s:\n{log_path.read_text()}")
