"""A throwaway PostgreSQL server for the tests and benchmarks, from Debian's packages.

As a command, it starts a server, runs a command against it and removes it again::

    python -m tests.pgserver -- pytest tests/web        # DATABASE_URL points at the server

The command's exit status is returned. Without a command it prints ``DATABASE_URL`` and
serves until Ctrl-C. From Python::

    with postgres_server() as server:
        psycopg.connect(server.url)

The server lives in a new temporary folder (data, log and unix socket) and listens on
127.0.0.1 on a free port. Its user ``akasse`` is a superuser without a password, so Django can
create and drop test databases. Durability is switched off: nothing in it outlives the run.

Clean-up is done by a small watchdog process that waits for this process to close a pipe to
it. Closing happens on leaving the ``with`` block, and the kernel does it when this process
dies in any other way (an uncaught signal, SIGKILL from a CI timeout), so no postmaster and no
folder is left behind even then.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType

import psycopg
from psycopg import sql

DEBIAN_ROOT = Path("/usr/lib/postgresql")
USER = "akasse"
DATABASE = "akasse"
HOST = "127.0.0.1"
_START_TIMEOUT_S = 60
_STOP_TIMEOUT_S = 30
_PORT_ATTEMPTS = 5
# A unix socket's path must fit in sockaddr_un.sun_path (108 bytes on Linux, with the NUL).
_SOCKET_PATH_MAX = 107

_SETTINGS = {
    "listen_addresses": f"'{HOST}'",
    # The data is thrown away at the end, so durability only costs time.
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    # Two pytest-xdist workers, each with a few connections, plus Django's test-database set-up.
    "max_connections": "100",
}


class PostgresError(RuntimeError):
    """The server could not be found, started or prepared."""


@dataclasses.dataclass(frozen=True)
class PostgresServer:
    """A running server; ``url`` is the database ``akasse`` on it, for ``DATABASE_URL``."""

    directory: Path
    bindir: Path
    port: int
    pid: int
    user: str = USER
    database: str = DATABASE
    host: str = HOST

    @property
    def url(self) -> str:
        return f"postgres://{self.user}@{self.host}:{self.port}/{self.database}"

    @property
    def version(self) -> str:
        return self.bindir.parent.name

    def restart(self, mode: str = "fast") -> PostgresServer:
        """Restart the server on the same port and data (``pg_ctl restart``), as an operator
        or a failover would: ``fast`` ends every session and rolls back open transactions,
        ``immediate`` is a crash and recovery. Returns the server with its new postmaster."""
        owner, data = _server_owner(), self.directory / "data"
        command: list[str | Path] = [self.bindir / "pg_ctl", "restart", "-D", data, "-m", mode]
        command += ["-l", self.directory / "server.log", "-s", "-w", "-t", str(_START_TIMEOUT_S)]
        done = _run(owner, command, self.directory, _locale())
        if done.returncode != 0:
            raise PostgresError(
                f"pg_ctl restart failed:\n{done.stderr}{_tail(self.directory / 'server.log')}"
            )
        return dataclasses.replace(self, pid=_postmaster_pid(data))


def find_bindir(root: Path = DEBIAN_ROOT) -> Path:
    """The ``bin`` folder of the newest PostgreSQL server installed from Debian's packages."""
    found = [
        (_version_key(path.name), path / "bin")
        for path in root.glob("*")
        if _version_key(path.name) and (path / "bin" / "postgres").is_file()
    ]
    if not found:
        raise PostgresError(
            f"No PostgreSQL server in {root}/<version>/bin. "
            "Install Debian's postgresql package (scripts/system-packages.sh does)."
        )
    return max(found)[1]


def _version_key(name: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in name.split("."))
    except ValueError:
        return ()


@contextlib.contextmanager
def postgres_server(bindir: Path | None = None) -> Iterator[PostgresServer]:
    """Start a throwaway server; stop it and delete its folder when the block is left."""
    bindir = bindir or find_bindir()
    owner = _server_owner()
    directory = Path(tempfile.mkdtemp(prefix="akasse-pg-", dir=_temp_base(owner)))
    try:
        watchdog = _start_watchdog(directory, bindir, owner)
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    try:
        if owner is not None:
            os.chown(directory, owner.pw_uid, owner.pw_gid)
        server = _start(directory, bindir, owner)
        yield server
    finally:
        _finish(watchdog)


def _server_owner() -> pwd.struct_passwd | None:
    """The account the server runs as when this process is root (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        raise PostgresError(
            "Running as root, but there is no 'postgres' user to run the server as "
            "(Debian's postgresql package creates it)."
        ) from None


def _temp_base(owner: pwd.struct_passwd | None) -> str:
    """Where to make the folder: the usual temp folder, unless the server could not use it."""
    base = tempfile.gettempdir()
    too_long = len(base) + len("/akasse-pg-xxxxxxxx/.s.PGSQL.65535") > _SOCKET_PATH_MAX
    # root's TMPDIR may sit under /root, which the postgres user cannot pass through.
    hidden = owner is not None and not _searchable_by_all(Path(base))
    return "/tmp" if too_long or hidden else base


def _searchable_by_all(path: Path) -> bool:
    return all(part.stat().st_mode & 0o001 for part in (path, *path.parents))


def _server_env(locale: str) -> dict[str, str]:
    # A developer's PGPORT, PGDATA or PGHOST would otherwise steer pg_ctl or the postmaster,
    # and a LANG naming a locale that is not generated makes initdb fail.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env["LC_ALL"] = locale
    return env


def _locale() -> str:
    # C.UTF-8 keeps byte-order collation but lets upper() and lower() handle æ, ø and å, which
    # Django's case-insensitive lookups rely on. Debian's libc ships it; plain C is the fallback.
    return "C.UTF-8" if Path("/usr/lib/locale/C.utf8").is_dir() else "C"


def _as_owner(owner: pwd.struct_passwd | None, command: Sequence[str | Path]) -> list[str]:
    prefix = ["runuser", "-u", owner.pw_name, "--"] if owner is not None else []
    return [*prefix, *(str(part) for part in command)]


def _run(
    owner: pwd.struct_passwd | None, command: Sequence[str | Path], cwd: Path, locale: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _as_owner(owner, command),
        cwd=cwd,  # the server's user may not be able to enter the caller's folder
        env=_server_env(locale),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )


def _start(directory: Path, bindir: Path, owner: pwd.struct_passwd | None) -> PostgresServer:
    data, log, locale = directory / "data", directory / "server.log", _locale()
    initdb: list[str | Path] = [bindir / "initdb", "-D", data, "-U", USER, "--auth=trust"]
    initdb += ["--encoding=UTF8", f"--locale={locale}", "--no-sync"]
    done = _run(owner, initdb, directory, locale)
    if done.returncode != 0:
        raise PostgresError(f"initdb failed:\n{done.stdout}{done.stderr}")
    settings = {**_SETTINGS, "unix_socket_directories": f"'{directory}'"}
    _append_settings(data / "postgresql.conf", settings)

    for _attempt in range(_PORT_ATTEMPTS):
        port = _free_port()
        # Later lines win, so a retry only needs to append the new port.
        _append_settings(data / "postgresql.conf", {"port": str(port)})
        start: list[str | Path] = [bindir / "pg_ctl", "start", "-D", data, "-l", log, "-s"]
        start += ["-w", "-t", str(_START_TIMEOUT_S)]
        done = _run(owner, start, directory, locale)
        if done.returncode == 0:
            break
        # Another process may take the port between choosing it and the server binding it.
        if "could not bind" not in _tail(log):
            raise PostgresError(f"pg_ctl start failed:\n{done.stderr}{_tail(log)}")
    else:
        raise PostgresError(f"No free port after {_PORT_ATTEMPTS} attempts:\n{_tail(log)}")

    server = PostgresServer(directory, bindir, port, _postmaster_pid(data))
    _create_database(server)
    return server


def _append_settings(conf: Path, settings: dict[str, str]) -> None:
    with conf.open("a", encoding="utf-8") as out:
        out.writelines(f"{name} = {value}\n" for name, value in settings.items())


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _tail(log: Path, lines: int = 20) -> str:
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""
    return "\n".join(text.splitlines()[-lines:]) + "\n"


def _postmaster_pid(data: Path) -> int:
    return int((data / "postmaster.pid").read_text(encoding="utf-8").split()[0])


def _create_database(server: PostgresServer) -> None:
    # The maintenance database exists from initdb; the application's must be made.
    dsn = f"postgres://{server.user}@{server.host}:{server.port}/postgres"
    try:
        with psycopg.connect(dsn, autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(server.database)))
    except psycopg.Error as error:
        raise PostgresError(f"Could not create database {server.database}: {error}") from error


# ----------------------------------------------------------------------------------------------
# The watchdog: a separate process, so clean-up happens however this one ends.


def _start_watchdog(
    directory: Path, bindir: Path, owner: pwd.struct_passwd | None
) -> subprocess.Popen[bytes]:
    command = [sys.executable, str(Path(__file__).resolve()), "--watchdog", str(directory)]
    command += [str(bindir), owner.pw_name if owner is not None else ""]
    # Its own session, so Ctrl-C in the terminal reaches the tests but not their clean-up.
    return subprocess.Popen(command, stdin=subprocess.PIPE, start_new_session=True)


def _finish(watchdog: subprocess.Popen[bytes]) -> None:
    if watchdog.stdin is not None:
        watchdog.stdin.close()
    watchdog.wait()


def _watch(directory: Path, bindir: Path, owner_name: str) -> int:
    """Wait until the owning process closes the pipe or dies; then stop the server, delete all."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    sys.stdin.buffer.read()
    owner = pwd.getpwnam(owner_name) if owner_name else None
    data = directory / "data"
    if (data / "postmaster.pid").exists():
        # Immediate: there is nothing to save, and it does not wait for open connections.
        stop: list[str | Path] = [bindir / "pg_ctl", "stop", "-D", data, "-m", "immediate"]
        stop += ["-s", "-w", "-t", str(_STOP_TIMEOUT_S)]
        done = _run(owner, stop, directory, _locale())
        if done.returncode != 0 and (data / "postmaster.pid").exists():
            _kill_postmaster(data)
    shutil.rmtree(directory, ignore_errors=True)
    if directory.exists():
        print(f"pgserver: could not remove {directory}", file=sys.stderr)
        return 1
    return 0


def _kill_postmaster(data: Path) -> None:
    # Its backends notice the postmaster's death and exit on their own.
    with contextlib.suppress(ValueError, OSError):
        os.kill(_postmaster_pid(data), signal.SIGKILL)
        time.sleep(1)


# ----------------------------------------------------------------------------------------------
# The command line.

_USAGE = "usage: python -m tests.pgserver [-- command [argument ...]]"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--watchdog"] and len(args) == 4:
        return _watch(Path(args[1]), Path(args[2]), args[3])
    if args[:1] in (["-h"], ["--help"]):
        print(_USAGE)
        return 0
    if args[:1] == ["--"]:
        args = args[1:]
    try:
        with postgres_server() as server:
            if not args:
                return _serve(server)
            return _run_command(args, {**os.environ, "DATABASE_URL": server.url})
    except PostgresError as error:
        print(f"pgserver: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        # Ctrl-C while the server was starting; the watchdog has already removed it.
        return 128 + signal.SIGINT


def _serve(server: PostgresServer) -> int:
    print(f"DATABASE_URL={server.url}  (PostgreSQL {server.version}; Ctrl-C stops it)")
    sys.stdout.flush()
    with contextlib.suppress(KeyboardInterrupt):
        while True:
            time.sleep(3600)
    return 0


def _run_command(command: list[str], env: dict[str, str]) -> int:
    child: subprocess.Popen[bytes] | None = None

    def forward(signum: int, _frame: FrameType | None) -> None:
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    def let_child_handle(_signum: int, _frame: FrameType | None) -> None:
        # Ctrl-C reaches the whole foreground process group, so the command already has it;
        # sending it again would cut short pytest's report of what ran. Wait for it instead.
        pass

    # Python-level handlers (unlike SIG_IGN) are reset to the default in the child by exec.
    handlers = {signal.SIGTERM: forward, signal.SIGHUP: forward, signal.SIGINT: let_child_handle}
    previous = {signum: signal.signal(signum, handler) for signum, handler in handlers.items()}
    try:
        try:
            child = subprocess.Popen(command, env=env)
        except OSError as error:
            print(f"pgserver: cannot run {command[0]}: {error}", file=sys.stderr)
            return 127
        code = child.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
    # Like a shell: a command killed by signal N ends with status 128 + N.
    return 128 - code if code < 0 else code


if __name__ == "__main__":
    sys.exit(main())
