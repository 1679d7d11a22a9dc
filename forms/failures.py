"""The one place where a failed worker becomes a message for the operator."""

from __future__ import annotations

import logging

from textual.app import App
from textual.worker import Worker, WorkerState

from forms.i18n import current_lang, ui
from ltsa_desk import logs
from ltsa_desk.i18n import Lang, t
from ltsa_desk.services.errors import ServiceError

log = logging.getLogger(__name__)


def expected(error: BaseException) -> bool:
    """A refusal the program foresaw (a service's, a database's), not a bug."""
    from ltsa_desk.db.engine import DatabaseError

    return isinstance(error, ServiceError | DatabaseError)


def failure_message(error: BaseException, lang: Lang) -> str:
    # Imported here: it brings SQLAlchemy, which the desk's first frame must not wait for (and
    # a DatabaseError exists only once the database code has been loaded anyway).
    from ltsa_desk.db.engine import DatabaseError

    if isinstance(error, ServiceError):
        return error.message(lang)
    if isinstance(error, DatabaseError):
        return t(error.message_key, lang, **error.params)
    return ui("error.unexpected", lang, kind=type(error).__name__)


def report_failure(app: App[object], error: BaseException) -> None:
    """Notify the operator (in the desk's language) and keep the details in the log file: a
    refusal by its kind, an unexpected error with its traceback and the file named."""
    message = failure_message(error, current_lang())
    if expected(error):
        log.info("refused: %s", getattr(error, "key", None) or getattr(error, "message_key", ""))
    else:
        log_file = logs.log_unexpected(log, error, f"a worker of {type(app.screen).__name__}")
        if log_file is not None:
            message = f"{message}\n{ui('crash.log', path=log_file)}"
    app.notify(
        message,
        title=ui("error.title"),
        severity="error",
        timeout=8,
        markup=False,
    )


class ReportsFailures:
    """Mixin for screens and widgets that run workers: failures become one notification.

    Workers run with ``exit_on_error=False`` so that a refused save never closes the desk.
    """

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        error = event.worker.error
        if event.state is WorkerState.ERROR and error is not None:
            report_failure(event.worker.node.app, error)
