"""The author's preview: a local web server that rebuilds what a change touches and reloads
the open page (`python build.py serve`).

    server   build into a temporary folder, serve it, watch the sources, reload the page
"""
