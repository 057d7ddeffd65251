"""Errors a user can act on.  The CLI prints ``str(error)`` on one line and exits with status 2."""


class QuotecardsError(Exception):
    """Bad input or a request that cannot be met: what went wrong, where, and what to do."""

    exit_status = 2


class SourceError(QuotecardsError):
    """A source file that cannot be read as a transcript, article or subtitle file."""


class IntegrityError(QuotecardsError):
    """A quote whose words are not the source's words."""
