"""labkit: instant feedback for the data labs of the Guangzhou teaching package.

Each lab imports its own checks, for example ``from labkit import lab1 as check``,
and calls ``check.task1(answer)``. A check always returns a :class:`Feedback` (shown
in Jupyter as a short message) and never raises: a wrong value, a wrong type, a wrong
shape, ``None``, an unanswered ``...`` or a missing column each get a plain-language
message saying what to look at next. Messages never print the expected answer.
"""
from .core import Feedback, data_dir, load

__all__ = ["Feedback", "data_dir", "load"]
