"""The author's workspace (`python build.py serve`): a local web server that rebuilds what a
change touches and reloads the open page, with an editor for each briefing beside its preview.

    server    take the port, build into a temporary folder, watch the sources, stop cleanly
    app       the Starlette application: the built site, reload events, host check, token
    editor    the form at /edit/<name>, saving, "New briefing" and "Import a review"
    drafting  feedback on unsaved text: findings at their fields, timing, themes, preview
"""
