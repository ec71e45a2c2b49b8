"""Names vulture reports as unused that are used where it cannot see: read by [tool.vulture] (pyproject.toml)
so that `.venv/bin/vulture` reports only real dead code.  Never imported or run."""
from app.main import docs, http_error, internal_error, need_login, redoc, validation_error
from app.routers.api import cocci_file, get_job, health, list_jobs, patch_file, report_json, series_mbox
from app.routers.web import job_page, login, login_page, logout, rerun

__all__ = [
    # FastAPI calls these: exception handlers and routes, registered by their decorators
    "http_error", "validation_error", "need_login", "internal_error",
    "docs", "redoc", "health", "list_jobs", "get_job", "series_mbox", "report_json", "patch_file", "cocci_file",
    "login_page", "login", "logout", "job_page", "rerun",
    "library_attributes",
]


def library_attributes(connection, tempfile_module, links, tree_out):
    """Set for the standard library to read (sqlite3's row_factory, tempfile.tempdir), and fields of API
    models that pydantic serializes (Links.page, TreeOut.available)."""
    return connection.row_factory, tempfile_module.tempdir, links.page, tree_out.available
