"""The deployment of `deploy/` run on this machine's loopback: app replicas on one PostgreSQL
database, behind nginx with TLS, configured by `deploy/nginx/strategie.conf` itself (only the
addresses, certificate and log paths are changed). The tests and benchmarks of several
replicas start and stop it; each part listens on a free port of 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NGINX_SITE = ROOT / "deploy" / "nginx" / "strategie.conf"
ROUTE_COOKIE = "strategie_replica"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the PostgreSQL server of `server_url`, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"strategy_replicas_{secrets.token_hex(4)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, as an operator's would be for its name."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def _replace(text: str, pattern: str, new: str) -> str:
    """`pattern` replaced, and it must be there: a changed deploy file fails loudly here."""
    out, count = re.subn(pattern, new, text)
    if count == 0:
        raise ValueError(f"deploy/nginx/strategie.conf no longer has {pattern!r}")
    return out


def site_config(replica_ports: Sequence[int], https_port: int, http_port: int, folder: Path) -> str:
    """`deploy/nginx/strategie.conf` with this machine's ports, certificate and logs (it is
    written for two replicas, on ports 8501 and 8502)."""
    if len(replica_ports) != 2:
        raise ValueError("deploy/nginx/strategie.conf describes two replicas")
    cert, key = self_signed_certificate(folder)
    text = NGINX_SITE.read_text(encoding="utf-8")
    for written, port in zip((8501, 8502), replica_ports, strict=True):
        text = _replace(text, rf"127\.0\.0\.1:{written}\b", f"127.0.0.1:{port}")
    text = _replace(text, r"listen 80;", f"listen 127.0.0.1:{http_port};")
    text = _replace(text, r"listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    text = _replace(text, r"\n *listen \[::\]:\d+( ssl http2)?;", "")
    text = _replace(text, r"ssl_certificate [^;]+;", f"ssl_certificate {cert};")
    text = _replace(text, r"ssl_certificate_key [^;]+;", f"ssl_certificate_key {key};")
    text = _replace(text, r"access_log /var/log/nginx/strategie\.access\.log", f"access_log {folder / 'access.log'}")
    return text


def main_config(site: Path, folder: Path) -> str:
    """The main nginx.conf around the site, as Debian's includes conf.d/*.conf."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers reading the temporary folder
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}worker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
        "daemon off;\nevents { worker_connections 4096; }\n"
        f"http {{\n    access_log off;\n{temp}\n    include {site};\n}}\n"
    )


def wait_healthy(url: str, process: subprocess.Popen[bytes] | None, name: str, seconds: float = 60) -> None:
    """Until the app at `url` answers its health check; RuntimeError if its process ends first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process and process.poll() is not None:
            raise RuntimeError(f"{name} stopped")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{name} did not start")


@dataclass
class Replica:
    port: int
    db_url: str
    secrets_file: Path | None
    log: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        args = [sys.executable, "serve.py", "--server.port", str(self.port)]
        args += ["--server.address", "127.0.0.1", "--server.headless", "true"]
        if self.secrets_file:
            args += ["--secrets.files", str(self.secrets_file)]
        env = {**os.environ, "STRATEGY_DB_URL": self.db_url, "FORWARDED_ALLOW_IPS": "127.0.0.1"}
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)

    def wait_healthy(self, seconds: float = 60) -> None:
        wait_healthy(self.url, self.process, f"replica on port {self.port} (see {self.log})", seconds)

    def kill(self) -> None:
        """As a crash: no chance to finish anything."""
        if self.process:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=20)
            self.process = None

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None


@dataclass
class Cluster:
    """N replicas on one database behind nginx, reachable at `url` (HTTPS, self-signed)."""

    folder: Path
    db_url: str
    replica_count: int = 2
    secrets_text: str | None = None  # with "{url}" for the proxy's address
    https_port: int = field(default_factory=free_port)
    http_port: int = field(default_factory=free_port)
    replicas: list[Replica] = field(default_factory=list)
    nginx: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    def start(self) -> None:
        nginx = nginx_binary()
        if nginx is None:
            raise RuntimeError("nginx is not installed (Debian package nginx)")
        self.folder.mkdir(parents=True, exist_ok=True)
        secrets_file = None
        if self.secrets_text is not None:
            secrets_file = self.folder / "secrets.toml"
            secrets_file.write_text(self.secrets_text.replace("{url}", self.url), encoding="utf-8")
        self.replicas = [
            Replica(free_port(), self.db_url, secrets_file, self.folder / f"replica-{n}.log")
            for n in range(self.replica_count)
        ]
        for replica in self.replicas:  # started together, as after a deployment
            replica.start()
        for replica in self.replicas:
            replica.wait_healthy()
        site = self.folder / "strategie.conf"
        ports = [r.port for r in self.replicas]
        site.write_text(site_config(ports, self.https_port, self.http_port, self.folder), encoding="utf-8")
        main = self.folder / "nginx.conf"
        main.write_text(main_config(site, self.folder), encoding="utf-8")
        check = subprocess.run([nginx, "-t", "-c", str(main)], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx refuses the configuration: {check.stderr}")
        self.nginx = subprocess.Popen([nginx, "-c", str(main)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait_proxy()

    def _wait_proxy(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                self.get("/_stcore/health")
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"nginx did not answer; see {self.folder / 'error.log'}")

    def get(self, path: str, cookie: str | None = None) -> tuple[int, dict[str, str], bytes]:
        """A request through the proxy, certificate unchecked (it is self-signed). Its headers
        by name; the cookies it sets all under Set-Cookie, one per line (the proxy's and the
        app's are separate headers)."""
        request = urllib.request.Request(self.url + path, headers={"Cookie": cookie} if cookie else {})
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        try:
            with urllib.request.urlopen(request, timeout=10, context=context) as r:
                return r.status, _by_name(r.headers), r.read()
        except urllib.error.HTTPError as refused:  # an answer all the same (404, 413…)
            return refused.code, _by_name(refused.headers), refused.read()

    def replica_of_route(self, route: str) -> int:
        """Which replica the proxy sends the browser with this route cookie to (read in the
        proxy's access log, which names each request's replica)."""
        marker = f"probe-{secrets.token_hex(6)}"
        self.get(f"/_stcore/{marker}", cookie=f"{ROUTE_COOKIE}={route}")
        deadline = time.monotonic() + 5  # nginx logs a request once its answer is sent: a moment later
        while time.monotonic() < deadline:
            for line in (self.folder / "access.log").read_text(encoding="utf-8").splitlines():
                if marker in line:
                    served = re.findall(r"127\.0\.0\.1:(\d+)", line.split("replica=")[1])
                    port = int(served[-1]) if served else -1
                    return next((n for n, r in enumerate(self.replicas) if r.port == port), -1)
            time.sleep(0.05)
        raise RuntimeError("the request is not in the proxy's log")

    def routes(self) -> list[str]:
        """The route cookie of each replica, in the replicas' order (the proxy names a replica
        by its address), checked against where the proxy sends it."""
        routes = [f"127.0.0.1:{r.port}" for r in self.replicas]
        deadline = time.monotonic() + 20  # a replica back from a failure is tried again after 10 s
        while [self.replica_of_route(route) for route in routes] != list(range(len(routes))):
            if time.monotonic() > deadline:
                raise RuntimeError("the proxy does not send each route to its replica")
            time.sleep(0.5)
        return routes

    def stop(self) -> None:
        if self.nginx:
            self.nginx.terminate()
            self.nginx.wait(timeout=20)
            self.nginx = None
        for replica in self.replicas:
            replica.stop()


def _by_name(headers: Message) -> dict[str, str]:
    named = dict(headers)
    if cookies := headers.get_all("Set-Cookie"):
        named["Set-Cookie"] = "\n".join(cookies)
    return named
