"""Names the dead-code check cannot see used (a vulture whitelist: read by vulture, never imported).

Plan parameters that only travel in Suggestion.params and Rule.expect (Params.as_dict()), kept there
as the evidence the recipe found."""
_ = object()
_ = (
    _.first_line,       # RemoveDeadCodeParams, RemoveStatementsParams: where the statements start
)
