"""The project's own single-node Elasticsearch: resolve from Maven, unpack, run as a non-root user."""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import pwd
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

SERVICE_USER = "trustwatch-es"
CLUSTER_NAME = "trustwatch-local"
JDK_FOR_MAJOR = {  # the JDK each major version supports; 9.x wants 21+, 8.x runs on 17
    "9": Path("/usr/lib/jvm/temurin-25-jdk-amd64"),
    "8": Path("/usr/lib/jvm/java-17-openjdk-amd64"),
}
OPENSEARCH_FALLBACK_VERSION = "3.3.2"
START_TIMEOUT = 180.0
STOP_TIMEOUT = 60.0


class EsServerError(RuntimeError):
    """The local server could not be provisioned, started or stopped; the message says why."""


@dataclass(frozen=True)
class Distribution:
    """A resolved integ-test-zip: which product, which version, where its zip lies."""

    product: str  # elasticsearch | opensearch
    version: str
    zip_path: Path

    @property
    def group_id(self) -> str:
        return f"org.{self.product}.distribution.integ-test-zip"

    @property
    def launcher(self) -> str:
        return f"bin/{self.product}"


def maven_repository() -> Path:
    """The local Maven repository (Maven's default location for the current user)."""
    return Path.home() / ".m2" / "repository"


def _artifact_path(product: str, version: str) -> Path:
    group = f"org/{product}/distribution/integ-test-zip/{product}/{version}"
    return maven_repository() / group / f"{product}-{version}.zip"


def _mvn_get(product: str, version: str) -> Path | None:
    """Ask Maven for the artifact; None when it cannot be resolved."""
    cached = _artifact_path(product, version)
    if cached.is_file():
        return cached  # already in ~/.m2: nothing to download
    mvn = shutil.which("mvn")
    if not mvn:
        raise EsServerError("mvn is not installed: install Debian's `maven` package to fetch Elasticsearch")
    coords = f"org.{product}.distribution.integ-test-zip:{product}:{version}:zip"
    log.info("resolving %s from Maven Central", coords)
    proc = subprocess.run(
        [mvn, "-q", "-B", "dependency:get", f"-Dartifact={coords}", "-Dtransitive=false"],
        capture_output=True, text=True, timeout=1800,
    )
    if proc.returncode != 0 or not cached.is_file():
        log.warning("could not resolve %s: %s", coords, (proc.stdout + proc.stderr).strip()[-800:])
        return None
    return cached


def resolve_distribution(es_version: str) -> Distribution:
    """The Elasticsearch integ-test-zip from ~/.m2 or Maven Central; OpenSearch only if that fails."""
    path = _mvn_get("elasticsearch", es_version)
    if path:
        return Distribution("elasticsearch", es_version, path)
    path = _mvn_get("opensearch", OPENSEARCH_FALLBACK_VERSION)
    if path:
        log.warning("Elasticsearch %s could not be resolved; falling back to OpenSearch %s",
                    es_version, OPENSEARCH_FALLBACK_VERSION)
        return Distribution("opensearch", OPENSEARCH_FALLBACK_VERSION, path)
    raise EsServerError(
        f"neither Elasticsearch {es_version} nor OpenSearch {OPENSEARCH_FALLBACK_VERSION} could be "
        "resolved from Maven Central; check network access to the registry"
    )


def ensure_service_user(name: str = SERVICE_USER) -> pwd.struct_passwd:
    """The dedicated system user that runs the server (Elasticsearch refuses root); created if missing."""
    try:
        return pwd.getpwnam(name)
    except KeyError:
        pass
    if os.geteuid() != 0:
        raise EsServerError(f"user {name!r} does not exist and only root can create it")
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
         "--user-group", name],
        check=True, capture_output=True,
    )
    return pwd.getpwnam(name)


MIN_JAVA = {"9": 21, "8": 17}  # the oldest JDK each major version accepts
JVM_DIR = Path("/usr/lib/jvm")


def _java_major(home: Path) -> int | None:
    try:
        for line in (home / "release").read_text().splitlines():
            if line.startswith("JAVA_VERSION="):
                return int(line.split("=", 1)[1].strip('"').split(".")[0])
    except (OSError, ValueError):
        return None
    return None


def java_home_for(dist: Distribution) -> Path:
    """A JDK that supports `dist`: the preferred one, else the newest suitable JDK in /usr/lib/jvm."""
    major = dist.version.split(".")[0] if dist.product == "elasticsearch" else "9"  # OpenSearch: 21+
    preferred = JDK_FOR_MAJOR.get(major)
    if preferred is not None and (preferred / "bin" / "java").exists():
        return preferred
    minimum = MIN_JAVA.get(major)
    candidates = []
    if minimum is not None and JVM_DIR.is_dir():
        for home in JVM_DIR.iterdir():
            version = _java_major(home)
            if version and version >= minimum and (home / "bin" / "java").exists() and not home.is_symlink():
                candidates.append((version, home))
    if not candidates:
        raise EsServerError(f"no supported JDK for {dist.product} {dist.version}: looked for {preferred} "
                            f"and for Java {minimum or '?'}+ in {JVM_DIR}")
    return max(candidates)[1]


def _searchable_by_others(path: Path) -> bool:
    """True when every existing folder on the way to `path` lets other users pass through."""
    for folder in [path, *path.parents]:
        if folder.exists() and not folder.stat().st_mode & 0o001:
            return False
    return True


def service_root(cache_dir: Path) -> Path:
    """Where the server's files live: `<cache>/elasticsearch`, unless the service user cannot reach it.

    A checkout inside a private folder (mode 0700, e.g. a CI work dir) is out of the service user's
    reach; then a folder under /var/cache named after the checkout is used instead, so runs stay
    separate per checkout and a second run reuses the first one's files.
    """
    cache_dir = cache_dir.resolve()
    if _searchable_by_others(cache_dir.parent):
        return cache_dir / "elasticsearch"
    digest = hashlib.sha1(str(cache_dir).encode()).hexdigest()[:12]
    fallback = Path("/var/cache/trustwatch-es") / digest
    log.warning("%s is not reachable by %s; keeping the server's files in %s", cache_dir, SERVICE_USER, fallback)
    return fallback


def _process_start(pid: int) -> str | None:
    """The start time of a live process `pid` (None once it has exited), to tell it from a reused pid."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return None if fields[0] in ("Z", "X") else fields[19]


class LocalElasticsearch:
    """One local single-node server instance: its files live under `<cache>/elasticsearch/<name>`."""

    def __init__(self, *, cache_dir: Path | str, version: str, port: int = 9200, heap: str = "512m",
                 name: str = "default"):
        self.version, self.heap = version, heap
        self.port = port
        self.root = service_root(Path(cache_dir))
        self.home = self.root / "instances" / name
        self.pid_file = self.home / "server.pid"
        self.launcher_log = self.home / "launcher.log"
        self.url = f"http://127.0.0.1:{self.port}"

    # -- provisioning -------------------------------------------------------------------------

    def install(self) -> tuple[Distribution, Path]:
        """Resolve and unpack the distribution (once); return it and its unpacked folder."""
        dist = resolve_distribution(self.version)
        target = self.root / f"{dist.product}-{dist.version}"
        marker = target / ".unpacked"
        if not marker.exists():
            log.info("unpacking %s into %s", dist.zip_path.name, target)
            tmp = self.root / f".unpack-{os.getpid()}"
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir(parents=True)
            with zipfile.ZipFile(dist.zip_path) as zf:
                zf.extractall(tmp)
                for info in zf.infolist():  # zipfile drops the exec bits; restore them
                    mode = (info.external_attr >> 16) & 0o777
                    if mode:
                        os.chmod(tmp / info.filename, mode)
            (inner,) = list(tmp.iterdir())
            shutil.rmtree(target, ignore_errors=True)
            inner.rename(target)
            shutil.rmtree(tmp, ignore_errors=True)
            marker.touch()
        return dist, target

    def _prepare_dirs(self, dist_dir: Path, user: pwd.struct_passwd) -> tuple[Path, Path]:
        data = self.home / "data"
        logs = self.home / "logs"
        for d in (data, logs):
            d.mkdir(parents=True, exist_ok=True)
        # The service user must reach its folders: ours get the search bit for "other".
        for folder in (self.root.parent, self.root, self.root / "instances", self.home, dist_dir):
            folder.chmod(folder.stat().st_mode | 0o055)
        for tree in (dist_dir, self.home):
            os.chown(tree, user.pw_uid, user.pw_gid)
            for dirpath, dirnames, filenames in os.walk(tree):
                for n in dirnames + filenames:
                    os.lchown(os.path.join(dirpath, n), user.pw_uid, user.pw_gid)
        return data, logs

    # -- lifecycle ----------------------------------------------------------------------------

    def pid(self) -> int | None:
        """The server's pid if it is running (a stale pid file is ignored)."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except FileNotFoundError:
            return None
        return pid if b"org.elasticsearch" in cmdline or b"org.opensearch" in cmdline else None

    def health(self, timeout: float = 2.0) -> dict | None:
        """The cluster health document, or None when nothing answers."""
        try:
            with urllib.request.urlopen(f"{self.url}/_cluster/health", timeout=timeout) as resp:
                return json.loads(resp.read())
        except (urllib.error.URLError, OSError, ValueError):
            return None

    def start(self, timeout: float = START_TIMEOUT) -> str:
        """Start the server (if not running) and wait until it answers green or yellow."""
        self.root.mkdir(parents=True, exist_ok=True)
        # Several processes (make, parallel pytest sessions) may call this at once: one launches.
        with open(self.root / f".start-{self.port}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            return self._start_locked(timeout)

    def _start_locked(self, timeout: float) -> str:
        if self.pid() and self._healthy():
            return f"Elasticsearch already running at {self.url} (pid {self.pid()})"
        foreign = None if self.pid() else self.health()
        if foreign is not None:
            if foreign.get("cluster_name") == CLUSTER_NAME and foreign.get("status") in ("green", "yellow"):
                # Started from another checkout of Trustwatch: same kind of server, share it.
                return (f"Elasticsearch already running at {self.url} (started elsewhere: "
                        f"`trustwatch es down` from here will not stop it)")
            raise EsServerError(f"port {self.port} is already served by another process; "
                                "stop it or set TRUSTWATCH_ES_PORT")
        if not self.pid():
            self._launch()
        self._wait_ready(timeout)
        return f"Elasticsearch running at {self.url} (pid {self.pid()})"

    def _launch(self) -> None:
        dist, dist_dir = self.install()
        user = ensure_service_user()
        data, logs = self._prepare_dirs(dist_dir, user)
        java_home = java_home_for(dist)
        heap = self.heap
        var = "ES" if dist.product == "elasticsearch" else "OPENSEARCH"  # the launcher's env prefix
        env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
            f"{var}_JAVA_HOME": str(java_home),
            f"{var}_JAVA_OPTS": f"-Xms{heap} -Xmx{heap}",
            f"{var}_TMPDIR": str(self.home / "tmp"),
        }
        (self.home / "tmp").mkdir(exist_ok=True)
        os.chown(self.home / "tmp", user.pw_uid, user.pw_gid)
        options = {
            "cluster.name": CLUSTER_NAME,
            "node.name": f"trustwatch-{self.home.name}",
            "path.data": str(data),
            "path.logs": str(logs),
            "network.host": "127.0.0.1",
            "http.port": str(self.port),
            "discovery.type": "single-node",
            # A nearly full developer disk must not turn the index read-only.
            "cluster.routing.allocation.disk.threshold_enabled": "false",
            "action.destructive_requires_name": "false",
        }
        if dist.product == "elasticsearch":
            options["xpack.security.enabled"] = "false"
        cmd = [str(dist_dir / dist.launcher), "-d", "-p", str(self.pid_file)]
        for key, value in options.items():
            cmd += ["-E", f"{key}={value}"]
        self.pid_file.unlink(missing_ok=True)
        log.info("starting %s %s on %s as %s", dist.product, dist.version, self.url, user.pw_name)
        with open(self.launcher_log, "wb") as out:
            proc = subprocess.run(
                cmd, cwd=dist_dir, env=env, user=user.pw_uid, group=user.pw_gid, extra_groups=[],
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True, timeout=START_TIMEOUT,
            )
        if proc.returncode != 0:
            raise EsServerError(f"the launcher exited with {proc.returncode}\n{self.log_tail()}")

    def _healthy(self) -> bool:
        health = self.health()
        return bool(health and health.get("status") in ("green", "yellow"))

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._healthy():
                return
            if self.pid_file.exists() and self.pid() is None:
                raise EsServerError(f"Elasticsearch exited during start-up\n{self.log_tail()}")
            time.sleep(0.5)
        raise EsServerError(f"Elasticsearch did not answer at {self.url} within {timeout:.0f} s\n"
                            f"{self.log_tail()}")

    def stop(self, timeout: float = STOP_TIMEOUT) -> str:
        """Stop the server cleanly (SIGTERM, then wait); SIGKILL only if it ignores that."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            if self.health() is not None:
                return f"Elasticsearch at {self.url} was not started from here; left running"
            return "Elasticsearch is not running"
        started = _process_start(pid)
        os.kill(pid, signal.SIGTERM)
        # Wait for the process itself: the server deletes its pid file early in its shutdown,
        # while it still holds the port.
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if _process_start(pid) != started:
                self.pid_file.unlink(missing_ok=True)
                return f"Elasticsearch stopped (pid {pid})"
            time.sleep(0.2)
        os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return f"Elasticsearch did not stop within {timeout:.0f} s and was killed (pid {pid})"

    def status(self) -> tuple[bool, str]:
        """(running, a line describing the state)."""
        pid = self.pid()
        health = self.health()
        if pid and health:
            return True, (f"running at {self.url} (pid {pid}), cluster {health.get('cluster_name')} "
                          f"status {health.get('status')}")
        if pid:
            return False, f"process {pid} is up but {self.url} does not answer (starting, or stuck)"
        if health:
            return True, (f"running at {self.url} (started elsewhere), cluster {health.get('cluster_name')} "
                          f"status {health.get('status')}")
        return False, f"not running (would listen on {self.url})"

    def log_tail(self, lines: int = 30) -> str:
        """The last lines of the server and launcher logs, for error messages."""
        parts = []
        # The launcher's output and the cluster's main log; gc/deprecation/slow logs only add noise.
        for path in (self.launcher_log, self.home / "logs" / f"{CLUSTER_NAME}.log"):
            if path.is_file() and path.stat().st_size:
                text = path.read_text(errors="replace").splitlines()[-lines:]
                parts.append(f"--- {path} ---\n" + "\n".join(text))
        return "\n".join(parts) or "(no log output)"

    def destroy(self) -> None:
        """Stop the instance and delete its data (for throw-away test instances)."""
        self.stop()
        shutil.rmtree(self.home, ignore_errors=True)
