"""Names the dead-code check cannot see used (a vulture whitelist: read by vulture, never imported), so that
`.venv/bin/vulture` reports only real dead code."""
from app.main import docs, http_error, internal_error, need_login, redoc, validation_error
from app.routers.api import cocci_file, get_job, health, list_jobs, patch_file, report_json, series_mbox
from app.routers.web import job_page, login, login_page, logout, rerun

_ = object()
_ = (
    # plan parameters that only travel in Suggestion.params and Rule.expect (Params.as_dict()), kept there
    # as the evidence the recipe found
    _.first_line,       # RemoveDeadCodeParams, RemoveStatementsParams: where the statements start
    # FastAPI calls these: exception handlers and routes, registered by their decorators
    http_error, validation_error, need_login, internal_error,
    docs, redoc, health, list_jobs, get_job, series_mbox, report_json, patch_file, cocci_file,
    login_page, login, logout, job_page, rerun,
    # html.parser.HTMLParser calls these (patches.htmlmail._HtmlText)
    _.handle_starttag, _.handle_endtag, _.handle_data,
    # set for the standard library to read
    _.row_factory,      # sqlite3.Connection
    _.tempdir,          # tempfile
    # fields of API models, which pydantic serializes
    _.page,             # Links
    _.available,        # TreeOut
)
