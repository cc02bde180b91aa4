"""Running the Slack app: HTTP (a WSGI app, `POST /slack/events`, `GET /healthz`) or Socket Mode.

`bot.serve:application` is the WSGI app for a production server, built from the
environment when first looked up, in each worker (so `gunicorn -c python:bot.gunicorn_config
-w 4 'bot.serve:application'` fails at boot, with one clear line, when a setting is missing;
the config imports this module in the arbiter, which never looks the app up). `python -m bot
serve` runs the same app on a small threaded server from the standard library.
"""

from __future__ import annotations

import json
import logging
import socketserver
from collections.abc import Callable, Iterable
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError

from bot import settings as settings_module
from bot.env_check import check_environment
from bot.scheduler import start_digests
from bot.settings import Settings, SettingsError
from bot.slack.app import create_app
from bot.slack.edge import SlackEdge
from handlers.health_coverage import HealthCoverage
from handlers.meaning import start_server_meaning
from store import Scope, Store, StoreError

log = logging.getLogger("factdesk.serve")
EVENTS_PATH = "/slack/events"


def health(store: Store, workspace: str, coverage: HealthCoverage) -> tuple[str, dict]:
    try:
        documents = store.document_count(Scope(workspace))
        meaning = coverage.line(store, Scope(workspace))
    except StoreError:
        log.warning("health check: the database is unreachable")
        return "503 Service Unavailable", {"ok": False, "database": "unreachable"}
    memory = "off" if store.memory is None else "ready" if store.memory.snapshot else "building"
    body = {"ok": True, "database": "ok", "documents": documents, "memory_index": memory}
    return "200 OK", {**body, "meaning": meaning}


def wsgi_app(store: Store, app: App, settings: Settings) -> Callable:
    """`POST /slack/events` through the verifying edge to Bolt; `GET /healthz` answered here."""
    slack = SlackEdge(app, settings.signing_secret or "", store)
    coverage = HealthCoverage()

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        route = environ.get("REQUEST_METHOD"), environ.get("PATH_INFO")
        if route == ("GET", "/healthz"):
            status, body = health(store, settings.workspace, coverage)
            return _respond(start_response, status, "application/json", json.dumps(body))
        if route == ("POST", EVENTS_PATH):
            return slack(environ, start_response)
        return _respond(start_response, "404 Not Found", "text/plain", "Not Found")

    application.store = store  # type: ignore[attr-defined]  # for shutdown hooks and tests
    return application


def _respond(start_response: Callable, status: str, kind: str, text: str) -> Iterable[bytes]:
    payload = text.encode()
    start_response(status, [("Content-Type", kind), ("Content-Length", str(len(payload)))])
    return [payload]


def start_memory_index(store: Store, settings: Settings) -> None:
    """Build the in-memory candidate index in the background (store/search/memory.py); until it
    is ready, and if it is turned off, queries search the database."""
    if settings.memory_index:
        store.start_memory_index()
    start_server_meaning(store)  # the model loads in the background; words answer meanwhile


def verified_app(store: Store, settings: Settings) -> App:
    """The app, its bot token checked with Slack (auth.test) before serving anything."""
    try:
        return create_app(store, settings)
    except (BoltError, OSError) as exc:
        raise SettingsError(
            f"cannot verify SLACK_BOT_TOKEN with Slack at {settings.api_url}: {exc}"
        ) from exc


def from_environment() -> Callable:
    """The WSGI app from the environment and .env: what gunicorn serves."""
    settings_module.load_env_file()
    check_environment()  # a wrong value stops the boot with one line naming the variable
    settings = settings_module.load("http")
    store = Store(settings.database_url)
    app = verified_app(store, settings)
    start_memory_index(store, settings)  # one per worker process
    start_digests(store, app.client, settings.workspace)  # every worker: the database decides
    return wsgi_app(store, app, settings)


def __getattr__(name: str) -> Callable:
    if name == "application":
        application = from_environment()
        globals()["application"] = application
        return application
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128  # socketserver's 5 drops a burst's extra connections for 1 s


class QuietHandler(WSGIRequestHandler):
    """Request lines go to the log at debug level, not to standard error."""

    def log_message(self, format: str, *args) -> None:
        log.debug("%s " + format, self.address_string(), *args)


def http_server(application: Callable, host: str, port: int) -> WSGIServer:
    return make_server(host, port, application, ThreadingWSGIServer, QuietHandler)


def serve_http(store: Store, settings: Settings, host: str, port: int) -> int:
    """`python -m bot serve`: HTTP mode until interrupted."""
    app = verified_app(store, settings)
    start_memory_index(store, settings)
    digests = start_digests(store, app.client, settings.workspace)
    server = http_server(wsgi_app(store, app, settings), host, port)
    bound = server.server_address[1]
    log.info("Factdesk on http://%s:%s%s (health: /healthz)", host, bound, EVENTS_PATH)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        log.info("stopped")
        raise  # the CLI says "interrupted" and exits 130, as every command does
    finally:
        digests.stop()
        server.server_close()
    return 0


def socket_mode_handler(store: Store, settings: Settings) -> SocketModeHandler:
    """The app on a Socket Mode connection (slack_sdk's built-in client, no extra
    dependency), its bot token verified; `connect()` or `start()` opens it."""
    return SocketModeHandler(verified_app(store, settings), settings.app_token)


def serve_socket_mode(store: Store, settings: Settings) -> int:
    """Socket Mode: no public URL needed. Runs until interrupted."""
    handler = socket_mode_handler(store, settings)
    start_memory_index(store, settings)
    digests = start_digests(store, handler.app.client, settings.workspace)
    log.info("Factdesk connecting to Slack in Socket Mode")
    try:
        handler.start()
    except SlackApiError as exc:
        error = exc.response.get("error")
        message = f"Slack refused a Socket Mode connection with SLACK_APP_TOKEN: {error}"
        raise SettingsError(message) from exc
    except KeyboardInterrupt:
        log.info("stopped")
        raise  # the CLI says "interrupted" and exits 130, as every command does
    finally:
        digests.stop()
        handler.close()
    return 0


def configure_logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # APScheduler logs every tick ("Running job", "executed successfully") at INFO: a line a
    # minute per replica that says nothing; its warnings and errors still show.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
