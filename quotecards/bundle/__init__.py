"""Batch builds: a project file in, a complete, reproducible asset bundle out.

``project`` reads ``quotecards.toml``; ``build`` works out what the bundle must hold and makes
only what changed, through ``cache`` (content-addressed cards, a stat index of file hashes);
``manifest``, ``gallery`` (the page), ``sheet`` (the contact sheet) and ``archive`` write the
bundle's own files; ``swap`` puts a new bundle in place atomically; ``commands`` is the command
line over it all.

    from quotecards.bundle.build import build
    from quotecards.bundle.project import load_project

    result = build(load_project("quotecards.toml"))
    result.status, result.rendered, result.changes
"""
