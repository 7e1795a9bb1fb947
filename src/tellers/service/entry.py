"""Results entry on the night: an editor enters or corrects a result, a second confirms it.

The operations are those of :mod:`tellers.results.entry` (every attempt kept,
conflicts refused with the editor's text kept); the edges reach them here.
"""

from __future__ import annotations

from ..results.entry import Edit, NotAllowed, as_text, confirm_result, edits, enter_result

__all__ = ["Edit", "NotAllowed", "as_text", "confirm_result", "edits", "enter_result"]
