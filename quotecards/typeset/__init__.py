"""Typesetting: from a quote, a format and a theme to a :class:`Layout`, pure data, no pixels."""

from quotecards.typeset.compose import FitError, alt_text, typeset
from quotecards.typeset.layout import CardText, Layout, Logo, Rule, TextLine

__all__ = ["CardText", "FitError", "Layout", "Logo", "Rule", "TextLine", "alt_text", "typeset"]
